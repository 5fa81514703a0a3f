namespace MLNet.NeuralExtensions;

/// <summary>One row of a data view, read column by column through getters.</summary>
public abstract class DataViewRow : IDisposable
{
    /// <summary>Gets the 0-based index of the current row, or -1 before the first row.</summary>
    public abstract long Position { get; }

    /// <summary>Gets the batch index of the row; rows of one cursor share batch 0.</summary>
    public virtual long Batch => 0;

    /// <summary>Gets the schema of the row.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>Gets whether the column can be read from this row.</summary>
    /// <param name="column">A column of <see cref="Schema"/>.</param>
    /// <returns><see langword="true"/> when the column was requested when the cursor was opened.</returns>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>Gets a getter for <paramref name="column"/>; it reads the value of the current row each time it is called.</summary>
    /// <typeparam name="TValue">The column's raw type: the item type for scalars, <see cref="Data.VBuffer{T}"/> for vectors.</typeparam>
    /// <param name="column">An active column of <see cref="Schema"/>.</param>
    /// <returns>The getter.</returns>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources held by the row.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A row that moves forward through a data view.</summary>
public abstract class DataViewRowCursor : DataViewRow
{
    /// <summary>Advances to the next row.</summary>
    /// <returns><see langword="false"/> when there are no more rows.</returns>
    public abstract bool MoveNext();
}
