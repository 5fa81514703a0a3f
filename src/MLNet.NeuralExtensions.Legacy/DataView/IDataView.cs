namespace MLNet.NeuralExtensions;

/// <summary>
/// A lazily evaluated table: a schema, and cursors that read its rows. Views are immutable; creating
/// one does no work, reading it does.
/// </summary>
/// <remarks>
/// Row cursors (<see cref="GetRowCursor"/>) serve per-row consumers. Trainers and evaluators read
/// blocks of rows column by column through <see cref="Data.DataViewBatchExtensions.GetBatchCursor"/>.
/// </remarks>
public interface IDataView
{
    /// <summary>Gets whether <see cref="GetRowCursor"/> honours a <see cref="Random"/> to return rows in shuffled order.</summary>
    bool CanShuffle { get; }

    /// <summary>Gets the columns.</summary>
    DataViewSchema Schema { get; }

    /// <summary>Gets the number of rows, or <see langword="null"/> when it is not known without reading the data.</summary>
    /// <returns>The row count, or <see langword="null"/>.</returns>
    long? GetRowCount();

    /// <summary>Opens a cursor over the rows.</summary>
    /// <param name="columnsNeeded">The columns the caller will read; others may be skipped.</param>
    /// <param name="rand">A source of randomness for shuffled order, honoured when <see cref="CanShuffle"/> is true.</param>
    /// <returns>A cursor positioned before the first row.</returns>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null);

    /// <summary>Opens up to <paramref name="n"/> cursors that together read every row once.</summary>
    /// <param name="columnsNeeded">The columns the caller will read.</param>
    /// <param name="n">The largest number of cursors wanted.</param>
    /// <param name="rand">A source of randomness for shuffled order.</param>
    /// <returns>At least one cursor.</returns>
    DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null);
}
