using System.Text;

namespace MLNet.NeuralExtensions.Loading;

/// <summary>Splits one line of a delimited file into fields, honouring quotes when allowed.</summary>
internal sealed class LineSplitter
{
    private readonly char[] _separators;
    private readonly bool _allowQuoting;
    private readonly bool _trim;
    private readonly List<(int Start, int Length, string? Unescaped)> _fields = [];
    private readonly StringBuilder _escaped = new();
    private string _line = string.Empty;

    public LineSplitter(char[] separators, bool allowQuoting, bool trim)
    {
        _separators = separators;
        _allowQuoting = allowQuoting;
        _trim = trim;
    }

    public int Count => _fields.Count;

    /// <summary>Gets field <paramref name="i"/> of the last line split.</summary>
    public ReadOnlySpan<char> this[int i]
    {
        get
        {
            (int start, int length, string? unescaped) = _fields[i];
            ReadOnlySpan<char> field = unescaped is not null ? unescaped : _line.AsSpan(start, length);
            return _trim ? field.Trim() : field;
        }
    }

    /// <summary>Splits <paramref name="line"/>; throws <see cref="FormatException"/> (without position) for an unterminated or misplaced quote.</summary>
    public void Split(string line)
    {
        _line = line;
        _fields.Clear();
        int pos = 0;
        while (true)
        {
            int fieldStart = pos;
            if (_allowQuoting && SkipSpaces(line, pos) is int q && q < line.Length && line[q] == '"')
            {
                pos = ReadQuoted(line, q, out string? unescaped, out int contentStart, out int contentLength);
                _fields.Add((contentStart, contentLength, unescaped));
                pos = SkipSpaces(line, pos);
                if (pos == line.Length)
                {
                    return;
                }

                if (Array.IndexOf(_separators, line[pos]) < 0)
                {
                    throw new FormatException($"unexpected character '{line[pos]}' after the closing quote of field {_fields.Count} (position {pos + 1}).");
                }

                pos++;
                continue;
            }

            int end = line.AsSpan(fieldStart).IndexOfAny(_separators);
            if (end < 0)
            {
                _fields.Add((fieldStart, line.Length - fieldStart, null));
                return;
            }

            _fields.Add((fieldStart, end, null));
            pos = fieldStart + end + 1;
        }
    }

    private static int SkipSpaces(string line, int pos)
    {
        while (pos < line.Length && line[pos] == ' ')
        {
            pos++;
        }

        return pos;
    }

    private int ReadQuoted(string line, int quote, out string? unescaped, out int contentStart, out int contentLength)
    {
        contentStart = quote + 1;
        unescaped = null;
        _escaped.Clear();
        int pos = contentStart;
        while (true)
        {
            int next = line.IndexOf('"', pos);
            if (next < 0)
            {
                throw new FormatException($"unterminated quoted field {_fields.Count + 1} starting at position {quote + 1}.");
            }

            if (next + 1 < line.Length && line[next + 1] == '"')
            {
                _escaped.Append(line, pos, next - pos + 1);
                pos = next + 2;
                continue;
            }

            if (_escaped.Length > 0)
            {
                _escaped.Append(line, pos, next - pos);
                unescaped = _escaped.ToString();
            }

            contentLength = next - contentStart;
            return next + 1;
        }
    }
}
