using System.Text;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>The header line of a delimited text file: its separator and column names.</summary>
internal static class DelimitedHeader
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>Reads the header of <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, is not UTF-8 text, or has no data row; the message
    /// names the file.</exception>
    public static (char Separator, string[] Names) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The dataset '{path}' does not exist.", path);
        }
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        string? header;
        string? firstRow;
        try
        {
            using var reader = new StreamReader(path, strict, detectEncodingFromByteOrderMarks: true);
            header = reader.ReadLine();
            firstRow = reader.ReadLine();
            var probe = new char[65536];
            int read = reader.Read(probe, 0, probe.Length);
            if (probe.AsSpan(0, read).Contains('\0') || (header?.Contains('\0') ?? false))
            {
                throw new InvalidDataException($"The dataset '{path}' is not delimited text: it holds NUL characters.");
            }
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"The dataset '{path}' is not UTF-8 text: {e.Message}", e);
        }
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidDataException($"The dataset '{path}' is empty: a header line naming the columns is expected first.");
        }
        if (string.IsNullOrWhiteSpace(firstRow))
        {
            throw new InvalidDataException($"The dataset '{path}' has a header but no data rows.");
        }
        char separator = Candidates.MaxBy(c => Split(header, c).Length);
        string[] names = Split(header, separator);
        if (names.Length < 2)
        {
            throw new InvalidDataException($"The dataset '{path}' has a single column ('{names[0]}'); a label and at least one feature, separated by ',', ';', tab or '|', are expected.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            string name = names[i].Length == 0 ? $"Column{i + 1}" : names[i];
            string unique = name;
            for (int k = 2; !seen.Add(unique); k++)
            {
                unique = $"{name}_{k}";
            }
            names[i] = unique;
        }
        return (separator, names);
    }

    /// <summary>Splits one line on <paramref name="separator"/>, honouring double quotes.</summary>
    private static string[] Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == separator && !quoted)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString().Trim());
        return [.. fields];
    }
}
