using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>A view of a source whose one column holds its values shuffled among the rows (a Fisher–Yates shuffle); the
/// other columns pass through. Each cursor reads in row order, in one thread.</summary>
/// <typeparam name="T">The column's raw type.</typeparam>
internal sealed class ShuffledColumnView<T> : IDataView
{
    private readonly IDataView _source;
    private readonly int _column;
    private readonly T[] _values;

    public ShuffledColumnView(IDataView source, DataViewSchema.Column column, Random random)
    {
        _source = source;
        _column = column.Index;
        _values = [.. source.GetColumn<T>(column)];
        random.Shuffle(_values);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _values.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ShuffledColumnView<T> view, DataViewRowCursor inner) : DataViewRowCursor
    {
        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override DataViewSchema Schema => inner.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != view._column)
            {
                return inner.GetGetter<TValue>(column);
            }
            var values = (TValue[])(object)view._values;
            return (ref TValue value) => value = values[inner.Position];
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
