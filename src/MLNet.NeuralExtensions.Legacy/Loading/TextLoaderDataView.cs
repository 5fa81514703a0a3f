using System.Reflection;
using System.Text;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Loading;

/// <summary>
/// A delimited text file read lazily: the constructor checks the file and the columns against its first line;
/// fields are parsed when a cursor reads them, only for the columns requested. Blank lines are skipped.
/// </summary>
internal sealed class TextLoaderDataView : BatchDataView
{
    private static readonly MethodInfo s_reader = typeof(TextLoaderDataView).GetMethod(nameof(MakeReader), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly string _path;
    private readonly TextLoader.Options _options;
    private readonly int[][] _fields;
    private readonly int _fieldCount;

    public TextLoaderDataView(string path, TextLoader.Options options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Columns.Length == 0)
        {
            throw new ArgumentException("No columns were given to load.", nameof(options));
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        }

        _path = path;
        _options = options;
        _fields = options.Columns.Select(c => c.Fields()).ToArray();
        LineSplitter splitter = NewSplitter();
        if (!SplitFirstLine(splitter, out int lineNumber))
        {
            throw new FormatException($"Data file '{path}' holds no lines; the columns cannot be checked against it.");
        }

        _fieldCount = splitter.Count;
        var builder = new DataViewSchema.Builder();
        for (int i = 0; i < options.Columns.Length; i++)
        {
            TextLoader.Column c = options.Columns[i];
            if (_fields[i].Any(f => f >= _fieldCount))
            {
                throw new ArgumentOutOfRangeException(nameof(options), $"Column '{c.Name}' reads field {_fields[i].First(f => f >= _fieldCount)}, but line {lineNumber} of '{path}' has {_fieldCount} fields (0 to {_fieldCount - 1}).");
            }

            PrimitiveDataViewType item = c.KeyCount is { } k ? new KeyDataViewType(typeof(uint), k.Count) : c.DataKind.ToDataViewType();
            bool vector = _fields[i].Length > 1;
            DataViewSchema.Annotations? slotNames = vector && options.HasHeader
                ? AnnotationUtils.SlotNames(_fields[i].Select(f => Encoding.UTF8.GetString(splitter[f])).ToArray())
                : null;
            builder.AddColumn(c.Name, vector ? new VectorDataViewType(item, _fields[i].Length) : item, slotNames);
        }

        Schema = builder.ToSchema();
    }

    public override DataViewSchema Schema { get; }

    public override long? GetRowCount() => null;

    public override DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize) => new Cursor(this, active, batchSize);

    private static ColumnReader<T> MakeReader<T>(DataViewSchema.Column column, int[] fields, ColumnBuffer buffer) =>
        new ColumnReader<T>(column.Name, fields, (FieldParser<T>)FieldParsers.For(ColumnBuffers.ItemType(column.Type)), (ColumnBuffer<T>)buffer);

    private LineSplitter NewSplitter() => new(_options.Separators, _options.AllowQuoting, _options.TrimWhitespace);

    /// <summary>Splits the first non-blank line; false when the file has none.</summary>
    private bool SplitFirstLine(LineSplitter splitter, out int lineNumber)
    {
        using var reader = new Utf8LineReader(_path);
        lineNumber = 0;
        while (reader.MoveNext())
        {
            lineNumber = reader.LineNumber;
            if (!IsBlank(reader.Line))
            {
                try
                {
                    splitter.Split(reader.Buffer, reader.LineStart, reader.LineLength);
                }
                catch (FormatException e)
                {
                    throw Error(lineNumber, e.Message, e);
                }

                return true;
            }
        }

        return false;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(LineSplitter.Blanks) < 0;

    private FormatException Error(int line, string message, Exception? inner = null) =>
        new($"Data file '{_path}', line {line}: {message}", inner);

    /// <summary>Parses the fields of one column into its batch buffer.</summary>
    private abstract class ColumnReader
    {
        public abstract void Read(LineSplitter fields, int row);

        /// <summary>Names the field and column being read when a parse failed.</summary>
        public abstract string Describe();
    }

    private sealed class ColumnReader<T> : ColumnReader
    {
        private readonly string _name;
        private readonly int[] _fields;
        private readonly FieldParser<T> _parse;
        private readonly ColumnBuffer<T> _buffer;
        private int _slot;

        public ColumnReader(string name, int[] fields, FieldParser<T> parse, ColumnBuffer<T> buffer)
        {
            _name = name;
            _fields = fields;
            _parse = parse;
            _buffer = buffer;
        }

        public override void Read(LineSplitter fields, int row)
        {
            Span<T> target = _buffer.RowForWriting(row);
            for (_slot = 0; _slot < _fields.Length; _slot++)
            {
                ReadOnlySpan<byte> text = fields.FieldAndRest(_fields[_slot], out int length);
                target[_slot] = _parse(text, length);
            }
        }

        public override string Describe() => $"field {_fields[_slot] + 1} (column '{_name}')";
    }

    /// <summary>Parses a range of a batch's lines into the batch; one per part of a batch parsed at the same time.</summary>
    private sealed class RowParser
    {
        private readonly TextLoaderDataView _view;
        private readonly LineSplitter _splitter;
        private readonly ColumnReader[] _readers;

        public RowParser(TextLoaderDataView view, DataViewBatch batch, bool[] active)
        {
            _view = view;
            _splitter = view.NewSplitter();
            _readers = view.Schema.Where(c => active[c.Index])
                .Select(c => (ColumnReader)s_reader.MakeGenericMethod(ColumnBuffers.ItemType(c.Type).RawType).Invoke(null, [c, view._fields[c.Index], batch[c.Index]!])!)
                .ToArray();
        }

        /// <summary>Gets why the first bad line of the last <see cref="Parse"/> failed, its file position named; null when none failed.</summary>
        public FormatException? Failure { get; private set; }

        /// <summary>Parses lines <paramref name="from"/> to <paramref name="to"/> (exclusive) of <paramref name="block"/> into the same rows of the batch, stopping at the first bad line.</summary>
        public void Parse(LineBlock block, int from, int to)
        {
            Failure = null;
            for (int row = from; row < to; row++)
            {
                if (ParseLine(block, row) is { } failure)
                {
                    Failure = failure;
                    return;
                }
            }
        }

        private FormatException? ParseLine(LineBlock block, int row)
        {
            int line = block.NumberOf(row);
            try
            {
                _splitter.Split(block.Bytes, block.StartOf(row), block.LengthOf(row));
            }
            catch (FormatException e)
            {
                return _view.Error(line, e.Message, e);
            }

            if (_splitter.Count != _view._fieldCount)
            {
                return _view.Error(line, $"found {_splitter.Count} fields, expected {_view._fieldCount} like the first line.");
            }

            foreach (ColumnReader reader in _readers)
            {
                try
                {
                    reader.Read(_splitter, row);
                }
                catch (FormatException e)
                {
                    return _view.Error(line, $"{reader.Describe()}: {e.Message}", e);
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Reads a batch's lines in one pass, then parses them, in parts on several threads when the batch is large
    /// enough; the first bad line of the batch is reported whatever the parts.
    /// </summary>
    private sealed class Cursor : BatchCursorBase
    {
        private const int RowsPerPart = 128;
        private readonly TextLoaderDataView _view;
        private readonly Utf8LineReader _reader;
        private readonly LineBlock _block = new();
        private readonly RowParser?[] _parsers = new RowParser?[Environment.ProcessorCount];
        private readonly bool[] _active;
        private readonly int _batchSize;
        private bool _headerSkipped;

        public Cursor(TextLoaderDataView view, bool[] active, int batchSize)
            : base(NewBatch(view.Schema, active))
        {
            _view = view;
            _active = active;
            _batchSize = batchSize;
            _reader = new Utf8LineReader(view._path);
        }

        protected override int FillNext()
        {
            foreach (DataViewSchema.Column c in Schema)
            {
                Batch[c.Index]?.BeginFill(_batchSize, ColumnBuffers.Width(c.Type));
            }

            _block.Clear();
            while (_block.Count < _batchSize && NextLine())
            {
                _block.Add(_reader.Line, _reader.LineNumber);
            }

            int rows = _block.Count;
            int parts = Math.Clamp(rows / RowsPerPart, 1, _parsers.Length);
            if (parts == 1)
            {
                ParsePart(0, rows, 1);
            }
            else
            {
                Parallel.For(0, parts, part => ParsePart(part, rows, parts));
            }

            // The parts are in line order, so the first part that failed holds the batch's first bad line.
            for (int part = 0; part < parts; part++)
            {
                if (_parsers[part]!.Failure is { } failure)
                {
                    throw failure;
                }
            }

            foreach (DataViewSchema.Column c in Schema)
            {
                Batch[c.Index]?.FinishFill(rows);
            }

            return rows;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _reader.Dispose();
            }

            base.Dispose(disposing);
        }

        private void ParsePart(int part, int rows, int parts)
        {
            RowParser parser = _parsers[part] ??= new RowParser(_view, Batch, _active);
            parser.Parse(_block, (int)((long)rows * part / parts), (int)((long)rows * (part + 1) / parts));
        }

        /// <summary>Moves to the next line that holds data, past blank lines and the header.</summary>
        private bool NextLine()
        {
            while (_reader.MoveNext())
            {
                if (IsBlank(_reader.Line))
                {
                    continue;
                }

                if (_view._options.HasHeader && !_headerSkipped)
                {
                    _headerSkipped = true;
                    continue;
                }

                return true;
            }

            return false;
        }
    }
}
