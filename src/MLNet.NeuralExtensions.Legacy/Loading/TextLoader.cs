namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Describes how to read a delimited text file: its columns and format options. Files are UTF-8 (or ASCII) text; a
/// UTF-8 byte order mark is skipped and a UTF-16 or UTF-32 file is refused. Lines end at "\n", "\r\n" or "\r"; blank
/// lines are skipped. Numbers use the invariant culture.
/// </summary>
public sealed class TextLoader
{
    /// <summary>Format defaults, as in ML.NET.</summary>
    public static class Defaults
    {
        /// <summary>The default separator: tab.</summary>
        public const char Separator = '\t';

        /// <summary>Whether the first line is a header: false.</summary>
        public const bool HasHeader = false;

        /// <summary>Whether double quotes delimit fields: false.</summary>
        public const bool AllowQuoting = false;

        /// <summary>Whether spaces around fields are removed: false.</summary>
        public const bool TrimWhitespace = false;
    }

    /// <summary>One column to load: a name, an item kind, and the file fields it comes from.</summary>
    public sealed class Column
    {
        /// <summary>Creates a column loaded from one field.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="dataKind">The item kind.</param>
        /// <param name="index">The 0-based field index.</param>
        public Column(string name, DataKind dataKind, int index)
            : this(name, dataKind, [new Range(index)])
        {
        }

        /// <summary>Creates a vector column loaded from fields <paramref name="minIndex"/> to <paramref name="maxIndex"/>, both included.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="dataKind">The item kind.</param>
        /// <param name="minIndex">The first 0-based field.</param>
        /// <param name="maxIndex">The last 0-based field, included.</param>
        public Column(string name, DataKind dataKind, int minIndex, int maxIndex)
            : this(name, dataKind, [new Range(minIndex, maxIndex)])
        {
        }

        /// <summary>Creates a column from ranges of fields, optionally as a key type.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="dataKind">The item kind (UInt32 for keys).</param>
        /// <param name="source">The field ranges; more than one field makes a vector.</param>
        /// <param name="keyCount">For key columns, the number of categories; <see langword="null"/> (the default) otherwise.
        /// A key field holds a 0-based category index, stored as key index + 1; an empty field is key 0 (missing).</param>
        public Column(string name, DataKind dataKind, Range[] source, KeyCount? keyCount = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(source);
            if (source.Length == 0)
            {
                throw new ArgumentException($"Column '{name}' needs at least one field range.", nameof(source));
            }

            if (keyCount is not null && dataKind != DataKind.UInt32)
            {
                throw new ArgumentException($"Key column '{name}' must have kind UInt32, not {dataKind}.", nameof(keyCount));
            }

            Name = name;
            DataKind = dataKind;
            Source = source;
            KeyCount = keyCount;
        }

        /// <summary>Gets the column name.</summary>
        public string Name { get; }

        /// <summary>Gets the item kind.</summary>
        public DataKind DataKind { get; }

        /// <summary>Gets the field ranges.</summary>
        public IReadOnlyList<Range> Source { get; }

        /// <summary>Gets the key count for key columns.</summary>
        public KeyCount? KeyCount { get; }

        internal int[] Fields() => Source.SelectMany(r => Enumerable.Range(r.Min, r.Max - r.Min + 1)).ToArray();
    }

    /// <summary>A range of 0-based field indices, both ends included.</summary>
    public sealed class Range
    {
        /// <summary>Creates a range of one field.</summary>
        /// <param name="index">The field index.</param>
        public Range(int index)
            : this(index, index)
        {
        }

        /// <summary>Creates a range of fields.</summary>
        /// <param name="min">The first field.</param>
        /// <param name="max">The last field, included.</param>
        public Range(int min, int max)
        {
            if (min < 0 || max < min)
            {
                throw new ArgumentOutOfRangeException(nameof(max), $"Invalid field range {min}-{max}.");
            }

            Min = min;
            Max = max;
        }

        /// <summary>Gets the first field.</summary>
        public int Min { get; }

        /// <summary>Gets the last field, included.</summary>
        public int Max { get; }
    }

    /// <summary>The number of categories of a key column.</summary>
    public sealed class KeyCount
    {
        /// <summary>Creates a key count.</summary>
        /// <param name="count">The number of categories; positive.</param>
        public KeyCount(ulong count)
        {
            ArgumentOutOfRangeException.ThrowIfZero(count);
            Count = count;
        }

        /// <summary>Gets the number of categories.</summary>
        public ulong Count { get; }
    }

    /// <summary>All the settings of a text load.</summary>
    public sealed class Options
    {
        /// <summary>Gets or sets the columns to load.</summary>
        public Column[] Columns { get; set; } = [];

        /// <summary>Gets or sets the field separators. Defaults to a tab.</summary>
        public char[] Separators { get; set; } = [Defaults.Separator];

        /// <summary>Gets or sets whether the first line is a header (its names become slot names of vector columns). Defaults to false.</summary>
        public bool HasHeader { get; set; } = Defaults.HasHeader;

        /// <summary>Gets or sets whether fields may be enclosed in double quotes, with "" for a quote inside. Defaults to false.</summary>
        public bool AllowQuoting { get; set; } = Defaults.AllowQuoting;

        /// <summary>Gets or sets whether spaces around fields are removed. Defaults to false.</summary>
        public bool TrimWhitespace { get; set; } = Defaults.TrimWhitespace;
    }
}
