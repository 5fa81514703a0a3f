namespace MLNet.NeuralExtensions.Data;

/// <summary>Moves through a data view one <see cref="DataViewBatch"/> of rows at a time.</summary>
public abstract class DataViewBatchCursor : IDisposable
{
    /// <summary>Gets the schema of the rows.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>Gets the current batch; valid after <see cref="MoveNext"/> returned true, until the next call.</summary>
    public abstract DataViewBatch Batch { get; }

    /// <summary>Reads the next batch.</summary>
    /// <returns><see langword="false"/> when there are no more rows.</returns>
    public abstract bool MoveNext();

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources held by the cursor.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
