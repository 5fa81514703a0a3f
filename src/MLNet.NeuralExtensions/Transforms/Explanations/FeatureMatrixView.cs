using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>An in-memory view of <see cref="Rows"/> feature vectors laid out one after another in a buffer, as one
/// column of a known-size vector of Single: the batch a model scores through its own Transform. The buffer and count may
/// change between cursors (not while one is open).</summary>
internal sealed class FeatureMatrixView : IDataView
{
    private readonly int _width;

    public FeatureMatrixView(string columnName, int width)
    {
        _width = width;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(columnName, new VectorDataViewType(NumberDataViewType.Single, width));
        Schema = builder.ToSchema();
    }

    /// <summary>The feature vectors, at least <see cref="Rows"/> × width values.</summary>
    public float[] Values { get; set; } = [];

    /// <summary>The number of rows.</summary>
    public int Rows { get; set; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => Rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(FeatureMatrixView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext() => ++_position < view.Rows;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == 0;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != 0 || typeof(TValue) != typeof(VBuffer<float>))
            {
                throw new InvalidOperationException($"The feature view has one column '{view.Schema[0].Name}' of VBuffer<Single>; {typeof(TValue).Name} of column {column.Index} was asked for.");
            }

            int width = view._width;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                VBufferEditor<float> editor = VBufferEditor.Create(ref value, width);
                view.Values.AsSpan((int)_position * width, width).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }
}
