using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>
/// Reads its source into memory once, on first use (or at once when asked), and serves every later cursor from
/// memory; an optional permutation gives a shuffled order.
/// </summary>
internal sealed class CachedDataView : BatchDataView
{
    private readonly Lazy<InMemoryDataView> _table;
    private readonly Func<int, int[]>? _order;
    private int[]? _permutation;

    public CachedDataView(IDataView source, Func<int, int[]>? order = null)
    {
        Schema = source.Schema;
        _table = new Lazy<InMemoryDataView>(() => InMemoryDataView.Materialize(source), LazyThreadSafetyMode.ExecutionAndPublication);
        _order = order;
    }

    public override DataViewSchema Schema { get; }

    public override long? GetRowCount() => _table.IsValueCreated ? _table.Value.GetRowCount() : null;

    /// <summary>Reads the source now.</summary>
    public void Prefetch() => _ = _table.Value;

    public override DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize)
    {
        InMemoryDataView table = _table.Value;
        if (_order is not null && _permutation is null)
        {
            Interlocked.CompareExchange(ref _permutation, _order((int)table.GetRowCount()!.Value), null);
        }

        return table.GetBatchCursor(active, batchSize, _permutation);
    }
}
