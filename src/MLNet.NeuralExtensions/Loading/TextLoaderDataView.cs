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
        (string? firstLine, int lineNumber) = ReadFirstLine();
        if (firstLine is null)
        {
            throw new FormatException($"Data file '{path}' holds no lines; the columns cannot be checked against it.");
        }

        LineSplitter splitter = NewSplitter();
        try
        {
            splitter.Split(firstLine);
        }
        catch (FormatException e)
        {
            throw Error(lineNumber, e.Message, e);
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
                ? AnnotationUtils.SlotNames(_fields[i].Select(f => splitter[f].ToString()).ToArray())
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

    private (string? Line, int Number) ReadFirstLine()
    {
        using var reader = new StreamReader(_path, Encoding.UTF8);
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                return (line, number);
            }
        }

        return (null, number);
    }

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

        public ColumnReader(string name, int[] fields, FieldParser<T> parse, ColumnBuffer<T> buffer)
        {
            _name = name;
            _fields = fields;
            _parse = parse;
            _buffer = buffer;
        }

        private int _slot;

        public override void Read(LineSplitter fields, int row)
        {
            Span<T> target = _buffer.RowForWriting(row);
            for (_slot = 0; _slot < _fields.Length; _slot++)
            {
                target[_slot] = _parse(fields[_fields[_slot]]);
            }
        }

        public override string Describe() => $"field {_fields[_slot] + 1} (column '{_name}')";
    }

    private sealed class Cursor : BatchCursorBase
    {
        private readonly TextLoaderDataView _view;
        private readonly StreamReader _reader;
        private readonly LineSplitter _splitter;
        private readonly ColumnReader[] _readers;
        private readonly int _batchSize;
        private int _lineNumber;
        private bool _headerSkipped;

        public Cursor(TextLoaderDataView view, bool[] active, int batchSize)
            : base(NewBatch(view.Schema, active))
        {
            _view = view;
            _batchSize = batchSize;
            _splitter = view.NewSplitter();
            _readers = view.Schema.Where(c => active[c.Index])
                .Select(c => (ColumnReader)s_reader.MakeGenericMethod(ColumnBuffers.ItemType(c.Type).RawType).Invoke(null, [c, view._fields[c.Index], Batch[c.Index]!])!)
                .ToArray();
            _reader = new StreamReader(view._path, Encoding.UTF8, true, 1 << 16);
        }

        protected override int FillNext()
        {
            foreach (DataViewSchema.Column c in Schema)
            {
                Batch[c.Index]?.BeginFill(_batchSize, ColumnBuffers.Width(c.Type));
            }

            int rows = 0;
            while (rows < _batchSize && NextLine() is { } line)
            {
                try
                {
                    _splitter.Split(line);
                }
                catch (FormatException e)
                {
                    throw _view.Error(_lineNumber, e.Message, e);
                }

                if (_splitter.Count != _view._fieldCount)
                {
                    throw _view.Error(_lineNumber, $"found {_splitter.Count} fields, expected {_view._fieldCount} like the first line.");
                }

                foreach (ColumnReader reader in _readers)
                {
                    try
                    {
                        reader.Read(_splitter, rows);
                    }
                    catch (FormatException e)
                    {
                        throw _view.Error(_lineNumber, $"{reader.Describe()}: {e.Message}", e);
                    }
                }

                rows++;
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

        private string? NextLine()
        {
            while (_reader.ReadLine() is { } line)
            {
                _lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (_view._options.HasHeader && !_headerSkipped)
                {
                    _headerSkipped = true;
                    continue;
                }

                return line;
            }

            return null;
        }
    }
}
