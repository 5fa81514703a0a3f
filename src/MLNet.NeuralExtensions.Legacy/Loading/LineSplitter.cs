using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;

namespace MLNet.NeuralExtensions.Loading;

/// <summary>
/// Splits one UTF-8 line of a delimited file into fields, honouring quotes when allowed. A field is a window on the
/// line, or on a scratch buffer when a quoted field held doubled quotes; it stays valid until the next split.
/// </summary>
internal sealed class LineSplitter
{
    private readonly byte[][] _separators;
    private readonly SearchValues<byte> _separatorLeads;
    private readonly Vector128<byte>[] _separatorVectors;
    private readonly bool _singleBytes;
    private readonly bool _allowQuoting;
    private readonly bool _trim;
    private Field[] _fields = new Field[16];
    private byte[] _unescaped = new byte[256];
    private int _unescapedLength;
    private byte[] _line = [];
    private int _lineStart;

    public LineSplitter(char[] separators, bool allowQuoting, bool trim)
    {
        _separators = separators.Select(c => Encoding.UTF8.GetBytes(c.ToString())).ToArray();
        _separatorLeads = SearchValues.Create(_separators.Select(s => s[0]).Distinct().ToArray());
        _singleBytes = _separators.All(s => s.Length == 1);
        _separatorVectors = _separators.Where(s => s.Length == 1).Select(s => Vector128.Create(s[0])).ToArray();
        _allowQuoting = allowQuoting;
        _trim = trim;
    }

    /// <summary>Gets the number of fields of the last line split.</summary>
    public int Count { get; private set; }

    /// <summary>Gets field <paramref name="i"/> of the last line split.</summary>
    public ReadOnlySpan<byte> this[int i] => FieldAndRest(i, out int length)[..length];

    /// <summary>
    /// Gets field <paramref name="i"/> of the last line split as the first <paramref name="length"/> bytes of the
    /// returned span, which goes on to the end of the buffer holding the field (see <see cref="FieldParser{T}"/>).
    /// </summary>
    public ReadOnlySpan<byte> FieldAndRest(int i, out int length)
    {
        Field f = _fields[i];
        ReadOnlySpan<byte> rest = (f.Unescaped ? _unescaped : _line).AsSpan(f.Start);
        length = f.Length;
        if (_trim)
        {
            int leading = rest[..length].IndexOfAnyExcept(Blanks);
            leading = leading < 0 ? length : leading;
            rest = rest[leading..];
            length = rest[..(length - leading)].TrimEnd(Blanks).Length;
        }

        return rest;
    }

    /// <summary>Gets the bytes that trimming (TextLoader.Options.TrimWhitespace) removes: space, tab, vertical tab and form feed.</summary>
    public static ReadOnlySpan<byte> Blanks => " \t\v\f"u8;

    /// <summary>Splits the line at <paramref name="start"/> in <paramref name="buffer"/>; throws <see cref="FormatException"/> (without the line number) for an unterminated or misplaced quote.</summary>
    public void Split(byte[] buffer, int start, int length)
    {
        _line = buffer;
        _lineStart = start;
        _unescapedLength = 0;
        Count = 0;
        ReadOnlySpan<byte> line = buffer.AsSpan(start, length);
        if (_singleBytes && !_allowQuoting)
        {
            SplitAtSingleBytes(line, start);
            return;
        }

        int pos = 0;
        while (true)
        {
            if (_allowQuoting && SkipSpaces(line, pos) is int q && q < line.Length && line[q] == '"')
            {
                pos = SkipSpaces(line, ReadQuoted(line, q));
                if (pos == line.Length)
                {
                    return;
                }

                int separator = SeparatorLengthAt(line, pos);
                if (separator == 0)
                {
                    throw new FormatException($"unexpected character '{(char)line[pos]}' after the closing quote of field {Count} (byte {pos + 1}).");
                }

                pos += separator;
                continue;
            }

            (int end, int next) = NextSeparator(line, pos);
            Add(start + pos, end - pos, unescaped: false);
            if (next < 0)
            {
                return;
            }

            pos = next;
        }
    }

    /// <summary>Splits an unquoted line at one-byte separators, finding the separators of 16 bytes at a time by vector compares.</summary>
    private void SplitAtSingleBytes(ReadOnlySpan<byte> line, int start)
    {
        int fieldStart = 0;
        if (line.Length < 16)
        {
            AddFieldsBefore(ScalarSeparatorMask(line), 0, start, ref fieldStart);
        }
        else
        {
            for (int block = 0; block < line.Length; block += 16)
            {
                // The last block is the line's last 16 bytes, with the bytes already searched masked out.
                int at = Math.Min(block, line.Length - 16);
                int searched = block - at;
                AddFieldsBefore(SeparatorMask(Vector128.Create(line.Slice(at, 16))) >> searched << searched, at, start, ref fieldStart);
            }
        }

        Add(start + fieldStart, line.Length - fieldStart, unescaped: false);
    }

    /// <summary>Adds a field ending at each separator whose bit is set in <paramref name="separators"/> (bit i is byte <paramref name="at"/> + i).</summary>
    private void AddFieldsBefore(uint separators, int at, int lineStart, ref int fieldStart)
    {
        for (; separators != 0; separators &= separators - 1)
        {
            int position = at + BitOperations.TrailingZeroCount(separators);
            Add(lineStart + fieldStart, position - fieldStart, unescaped: false);
            fieldStart = position + 1;
        }
    }

    private uint SeparatorMask(Vector128<byte> bytes)
    {
        Vector128<byte> found = Vector128.Equals(bytes, _separatorVectors[0]);
        for (int i = 1; i < _separatorVectors.Length; i++)
        {
            found |= Vector128.Equals(bytes, _separatorVectors[i]);
        }

        return found.ExtractMostSignificantBits();
    }

    private uint ScalarSeparatorMask(ReadOnlySpan<byte> shortLine)
    {
        uint mask = 0;
        for (int i = 0; i < shortLine.Length; i++)
        {
            mask |= _separatorLeads.Contains(shortLine[i]) ? 1u << i : 0;
        }

        return mask;
    }

    private static int SkipSpaces(ReadOnlySpan<byte> line, int pos)
    {
        while (pos < line.Length && line[pos] == ' ')
        {
            pos++;
        }

        return pos;
    }

    /// <summary>Finds the separator at or after <paramref name="pos"/>: where the field ends and the next begins (-1 at the end of the line).</summary>
    private (int End, int Next) NextSeparator(ReadOnlySpan<byte> line, int pos)
    {
        while (true)
        {
            int found = line[pos..].IndexOfAny(_separatorLeads);
            if (found < 0)
            {
                return (line.Length, -1);
            }

            pos += found;
            int length = _singleBytes ? 1 : SeparatorLengthAt(line, pos);
            if (length > 0)
            {
                return (pos, pos + length);
            }

            pos++;
        }
    }

    /// <summary>The byte length of the separator at <paramref name="pos"/>, or 0 when none starts there.</summary>
    private int SeparatorLengthAt(ReadOnlySpan<byte> line, int pos)
    {
        foreach (byte[] separator in _separators)
        {
            if (line[pos..].StartsWith(separator))
            {
                return separator.Length;
            }
        }

        return 0;
    }

    /// <summary>Reads the quoted field opening at <paramref name="quote"/> and returns the position after its closing quote.</summary>
    private int ReadQuoted(ReadOnlySpan<byte> line, int quote)
    {
        int contentStart = quote + 1;
        int pos = contentStart;
        int unescapedStart = -1;
        while (true)
        {
            int next = line[pos..].IndexOf((byte)'"');
            if (next < 0)
            {
                throw new FormatException($"unterminated quoted field {Count + 1} starting at byte {quote + 1}.");
            }

            next += pos;
            bool doubled = next + 1 < line.Length && line[next + 1] == '"';
            if (doubled || unescapedStart >= 0)
            {
                unescapedStart = unescapedStart < 0 ? _unescapedLength : unescapedStart;
                AppendUnescaped(line[pos..(doubled ? next + 1 : next)]);
            }

            if (doubled)
            {
                pos = next + 2;
                continue;
            }

            if (unescapedStart >= 0)
            {
                Add(unescapedStart, _unescapedLength - unescapedStart, unescaped: true);
            }
            else
            {
                Add(_lineStart + contentStart, next - contentStart, unescaped: false);
            }

            return next + 1;
        }
    }

    private void AppendUnescaped(ReadOnlySpan<byte> bytes)
    {
        if (_unescapedLength + bytes.Length > _unescaped.Length)
        {
            Array.Resize(ref _unescaped, Math.Max(_unescaped.Length * 2, _unescapedLength + bytes.Length));
        }

        bytes.CopyTo(_unescaped.AsSpan(_unescapedLength));
        _unescapedLength += bytes.Length;
    }

    private void Add(int start, int length, bool unescaped)
    {
        if (Count == _fields.Length)
        {
            Array.Resize(ref _fields, Count * 2);
        }

        _fields[Count++] = new Field(start, length, unescaped);
    }

    private readonly record struct Field(int Start, int Length, bool Unescaped);
}
