using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>
/// Base of every data view of this library: it produces columnar batches, and serves row cursors by
/// walking those batches, so there is one reading path.
/// </summary>
internal abstract class BatchDataView : IDataView
{
    /// <summary>Rows per batch behind a row cursor.</summary>
    internal const int RowCursorBatchSize = 256;

    public abstract DataViewSchema Schema { get; }

    public virtual bool CanShuffle => false;

    public abstract long? GetRowCount();

    /// <summary>Opens a batch cursor producing the columns whose entries of <paramref name="active"/> are true.</summary>
    public abstract DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize);

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new BatchRowCursor(GetBatchCursor(ActiveMask(Schema, columnsNeeded), RowCursorBatchSize));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Wraps any data view so that it can be read by batch.</summary>
    internal static BatchDataView From(IDataView data) => data as BatchDataView ?? new RowSourceDataView(data);

    /// <summary>Turns a list of columns into a mask over <paramref name="schema"/>, checking that they belong to it.</summary>
    internal static bool[] ActiveMask(DataViewSchema schema, IEnumerable<DataViewSchema.Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var active = new bool[schema.Count];
        foreach (DataViewSchema.Column c in columns)
        {
            if (c.Index < 0 || c.Index >= schema.Count || schema[c.Index].Name != c.Name || !schema[c.Index].Type.Equals(c.Type))
            {
                throw new ArgumentOutOfRangeException(nameof(columns), $"Column '{c.Name}' ({c.Type}) at index {c.Index} does not belong to this data view's schema.");
            }

            active[c.Index] = true;
        }

        return active;
    }

    /// <summary>A mask with every column active.</summary>
    internal static bool[] AllActive(DataViewSchema schema) => Enumerable.Repeat(true, schema.Count).ToArray();
}
