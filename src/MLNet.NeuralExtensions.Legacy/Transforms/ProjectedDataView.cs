using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>A subset of a view's columns, in a chosen order; batches share the source's buffers.</summary>
internal sealed class ProjectedDataView : BatchDataView
{
    private readonly BatchDataView _source;
    private readonly int[] _sourceIndex;

    public ProjectedDataView(IDataView source, int[] sourceIndex)
    {
        _source = From(source);
        _sourceIndex = sourceIndex;
        Schema = ProjectSchema(_source.Schema, sourceIndex);
    }

    public override DataViewSchema Schema { get; }

    public override long? GetRowCount() => _source.GetRowCount();

    public static DataViewSchema ProjectSchema(DataViewSchema schema, int[] sourceIndex)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(sourceIndex.Select(i => schema[i]));
        return builder.ToSchema();
    }

    public override DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize) => new Cursor(this, active, batchSize);

    private sealed class Cursor : BatchCursorBase
    {
        private readonly DataViewBatchCursor _input;

        public Cursor(ProjectedDataView view, bool[] active, int batchSize)
            : base(new DataViewBatch(view.Schema))
        {
            var sourceActive = new bool[view._source.Schema.Count];
            for (int i = 0; i < active.Length; i++)
            {
                sourceActive[view._sourceIndex[i]] |= active[i];
            }

            _input = view._source.GetBatchCursor(sourceActive, batchSize);
            for (int i = 0; i < active.Length; i++)
            {
                if (active[i])
                {
                    Batch[i] = _input.Batch[view._sourceIndex[i]];
                }
            }
        }

        protected override int FillNext() => _input.MoveNext() ? _input.Batch.RowCount : 0;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
