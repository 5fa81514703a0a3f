using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>A streaming view over an enumerable of objects; each cursor enumerates the source again.</summary>
internal sealed class EnumerableDataView<TRow> : BatchDataView
    where TRow : class
{
    private readonly IEnumerable<TRow> _data;
    private readonly RowReader<TRow> _reader;

    public EnumerableDataView(IEnumerable<TRow> data, TypeSchema types)
    {
        _data = data;
        _reader = new RowReader<TRow>(types);
        var builder = new DataViewSchema.Builder();
        foreach (PocoMember m in types.Members)
        {
            builder.AddColumn(m.ColumnName, m.ColumnType);
        }

        Schema = builder.ToSchema();
    }

    public override DataViewSchema Schema { get; }

    public override long? GetRowCount() => _data switch
    {
        ICollection<TRow> c => c.Count,
        IReadOnlyCollection<TRow> r => r.Count,
        _ => null,
    };

    public override DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize) => new Cursor(this, active, batchSize);

    private sealed class Cursor : BatchCursorBase
    {
        private readonly EnumerableDataView<TRow> _view;
        private readonly IEnumerator<TRow> _rows;
        private readonly ColumnBuffer?[] _buffers;
        private readonly int _batchSize;
        private long _position;

        public Cursor(EnumerableDataView<TRow> view, bool[] active, int batchSize)
            : base(NewBatch(view.Schema, active))
        {
            _view = view;
            _batchSize = batchSize;
            _rows = view._data.GetEnumerator();
            _buffers = Enumerable.Range(0, view.Schema.Count).Select(i => Batch[i]).ToArray();
        }

        protected override int FillNext()
        {
            for (int c = 0; c < _buffers.Length; c++)
            {
                _buffers[c]?.BeginFill(_batchSize, ColumnBuffers.Width(_view.Schema[c].Type));
            }

            int rows = 0;
            while (rows < _batchSize && _rows.MoveNext())
            {
                TRow row = _rows.Current ?? throw new InvalidOperationException($"Row {_position} of the enumerable is null.");
                try
                {
                    _view._reader.Read(row, _buffers, rows);
                }
                catch (InvalidOperationException e)
                {
                    throw new InvalidOperationException($"Row {_position} of the enumerable: {e.Message}", e);
                }

                rows++;
                _position++;
            }

            for (int c = 0; c < _buffers.Length; c++)
            {
                _buffers[c]?.FinishFill(rows);
            }

            return rows;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
