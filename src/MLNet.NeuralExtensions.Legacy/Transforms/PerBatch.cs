using System.Runtime.CompilerServices;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// One computation per batch shared by the output columns that read it: a mapper's columns are filled one after
/// another from the same batch, and the first to ask computes. Kept per batch object, so cursors running at the same
/// time over one mapper each keep their own.
/// </summary>
/// <typeparam name="T">The result of the computation.</typeparam>
internal sealed class PerBatch<T>(Func<DataViewBatch, T> compute)
    where T : class
{
    private readonly ConditionalWeakTable<DataViewBatch, Entry> _entries = [];

    /// <summary>The result for the rows <paramref name="batch"/> holds now, computed on first request.</summary>
    public T Get(DataViewBatch batch)
    {
        Entry entry = _entries.GetValue(batch, _ => new Entry());
        if (entry.Result is null || entry.Position != batch.Position || entry.Rows != batch.RowCount)
        {
            entry.Result = compute(batch);
            (entry.Position, entry.Rows) = (batch.Position, batch.RowCount);
        }

        return entry.Result;
    }

    private sealed class Entry
    {
        public long Position { get; set; }

        public int Rows { get; set; }

        public T? Result { get; set; }
    }
}
