namespace MLNet.NeuralExtensions.Data;

/// <summary>A block of consecutive rows of a data view, held column by column.</summary>
/// <remarks>
/// A batch belongs to its cursor and is overwritten by the cursor's next <see cref="DataViewBatchCursor.MoveNext"/>.
/// Only the columns requested when the cursor was opened are present.
/// </remarks>
public sealed class DataViewBatch
{
    private readonly ColumnBuffer?[] _columns;

    internal DataViewBatch(DataViewSchema schema)
    {
        Schema = schema;
        _columns = new ColumnBuffer?[schema.Count];
    }

    /// <summary>Gets the schema of the rows.</summary>
    public DataViewSchema Schema { get; }

    /// <summary>Gets the number of rows in the batch.</summary>
    public int RowCount { get; internal set; }

    /// <summary>Gets the index, in the cursor's sequence, of the batch's first row.</summary>
    public long Position { get; internal set; }

    internal ColumnBuffer? this[int columnIndex]
    {
        get => _columns[columnIndex];
        set => _columns[columnIndex] = value;
    }

    /// <summary>Gets whether the column was requested when the cursor was opened.</summary>
    /// <param name="column">A column of <see cref="Schema"/>.</param>
    /// <returns><see langword="true"/> when its values are present.</returns>
    public bool IsColumnActive(DataViewSchema.Column column) => _columns[column.Index] is not null;

    /// <summary>Gets the values of a column.</summary>
    /// <typeparam name="T">The item raw type: <see cref="float"/> for Single and Vector&lt;Single&gt; columns, <see cref="uint"/> for keys, and so on.</typeparam>
    /// <param name="column">An active column of <see cref="Schema"/>.</param>
    /// <returns>The column's values for the rows of this batch.</returns>
    /// <exception cref="InvalidOperationException">The column is inactive or its item type is not <typeparamref name="T"/>.</exception>
    public ColumnBuffer<T> GetColumn<T>(DataViewSchema.Column column)
    {
        ColumnBuffer? buffer = _columns[column.Index] ??
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was opened.");
        return buffer as ColumnBuffer<T> ??
            throw new InvalidOperationException($"Column '{column.Name}' holds {buffer.ItemType.Name} items ({column.Type}), not {typeof(T).Name}.");
    }
}
