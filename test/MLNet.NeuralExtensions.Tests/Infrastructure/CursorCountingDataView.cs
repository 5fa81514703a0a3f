using Microsoft.ML;

namespace MLNet.NeuralExtensions.Tests.Infrastructure;

/// <summary>A data view that passes everything to another and counts the cursors opened on it (one per pass over a
/// view that is not cached).</summary>
internal sealed class CursorCountingDataView(IDataView inner) : IDataView
{
    /// <summary>Gets the cursors and cursor sets opened so far.</summary>
    public int Cursors { get; private set; }

    /// <inheritdoc/>
    public bool CanShuffle => inner.CanShuffle;

    /// <inheritdoc/>
    public DataViewSchema Schema => inner.Schema;

    /// <inheritdoc/>
    public long? GetRowCount() => inner.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        Cursors++;
        return inner.GetRowCursor(columnsNeeded, rand);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        Cursors++;
        return inner.GetRowCursorSet(columnsNeeded, n, rand);
    }
}
