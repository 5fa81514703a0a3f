using System.Reflection;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>Reads a data view implemented outside this library, row by row through its getters, into batches.</summary>
internal sealed class RowSourceDataView : BatchDataView
{
    private static readonly MethodInfo s_makeAppender = typeof(RowSourceDataView).GetMethod(nameof(MakeAppender), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly IDataView _source;

    public RowSourceDataView(IDataView source) => _source = source;

    public override DataViewSchema Schema => _source.Schema;

    public override bool CanShuffle => false;

    public override long? GetRowCount() => _source.GetRowCount();

    public override DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize) => new Cursor(this, active, batchSize);

    private static Appender<T> MakeAppender<T>(DataViewRow row, DataViewSchema.Column column, ColumnBuffer buffer) =>
        new(row, column, (ColumnBuffer<T>)buffer);

    /// <summary>Copies the current row's value of one column into its batch buffer.</summary>
    private abstract class Appender
    {
        public abstract void Append(int row);
    }

    private sealed class Appender<T> : Appender
    {
        private readonly DataViewRow _row;
        private readonly DataViewSchema.Column _column;
        private readonly ColumnBuffer<T> _target;
        private readonly int _width;
        private readonly ValueGetter<T>? _scalar;
        private readonly ValueGetter<VBuffer<T>>? _vector;
        private T _item = default!;
        private VBuffer<T> _value;

        public Appender(DataViewRow row, DataViewSchema.Column column, ColumnBuffer<T> target)
        {
            _row = row;
            _column = column;
            _target = target;
            _width = ColumnBuffers.Width(column.Type);
            if (column.Type is VectorDataViewType)
            {
                _vector = row.GetGetter<VBuffer<T>>(column);
            }
            else
            {
                _scalar = row.GetGetter<T>(column);
            }
        }

        public override void Append(int row)
        {
            if (_scalar is not null)
            {
                _scalar(ref _item);
                _target.RowForWriting(row)[0] = _item;
                return;
            }

            _vector!(ref _value);
            if (_width == 0)
            {
                _value.CopyTo(_target.AppendRow(_value.Length));
                return;
            }

            if (_value.Length != _width)
            {
                throw new InvalidOperationException($"Column '{_column.Name}' ({_column.Type}) produced a vector of length {_value.Length} at row {_row.Position}.");
            }

            _value.CopyTo(_target.RowForWriting(row));
        }
    }

    private sealed class Cursor : BatchCursorBase
    {
        private readonly DataViewRowCursor _rows;
        private readonly Appender[] _appenders;
        private readonly int _batchSize;

        public Cursor(RowSourceDataView view, bool[] active, int batchSize)
            : base(NewBatch(view.Schema, active))
        {
            _batchSize = batchSize;
            DataViewSchema schema = view.Schema;
            _rows = view._source.GetRowCursor(schema.Where(c => active[c.Index]));
            _appenders = schema.Where(c => active[c.Index])
                .Select(c => (Appender)s_makeAppender.MakeGenericMethod(ColumnBuffers.ItemType(c.Type).RawType)
                    .Invoke(null, [_rows, c, Batch[c.Index]!])!)
                .ToArray();
        }

        protected override int FillNext()
        {
            foreach (DataViewSchema.Column c in Schema)
            {
                Batch[c.Index]?.BeginFill(_batchSize, ColumnBuffers.Width(c.Type));
            }

            int rows = 0;
            while (rows < _batchSize && _rows.MoveNext())
            {
                foreach (Appender appender in _appenders)
                {
                    appender.Append(rows);
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
                _rows.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
