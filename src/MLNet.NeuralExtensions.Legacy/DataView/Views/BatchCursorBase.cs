using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>
/// A batch cursor that fills one batch object over and over. The batch's buffers for active columns exist
/// from construction on and stay the same objects for the cursor's lifetime.
/// </summary>
internal abstract class BatchCursorBase : DataViewBatchCursor
{
    private long _nextPosition;
    private bool _done;

    protected BatchCursorBase(DataViewBatch batch) => Batch = batch;

    public sealed override DataViewSchema Schema => Batch.Schema;

    public sealed override DataViewBatch Batch { get; }

    public sealed override bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        int rows = FillNext();
        Batch.RowCount = rows;
        Batch.Position = _nextPosition;
        _nextPosition += rows;
        _done = rows == 0;
        return !_done;
    }

    /// <summary>Creates a batch with a fresh buffer for every active column.</summary>
    internal static DataViewBatch NewBatch(DataViewSchema schema, bool[] active)
    {
        var batch = new DataViewBatch(schema);
        for (int i = 0; i < schema.Count; i++)
        {
            if (active[i])
            {
                batch[i] = ColumnBuffers.Create(schema[i].Type);
            }
        }

        return batch;
    }

    /// <summary>Fills the active buffers with the next rows and returns how many; 0 at the end.</summary>
    protected abstract int FillNext();
}
