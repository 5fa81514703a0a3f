using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Computes new columns from the columns of a batch: the one mechanism behind every row-to-row transform.
/// Each output column says which input columns it reads and how to fill its buffer for a whole batch.
/// </summary>
internal sealed class ColumnMapper
{
    public ColumnMapper(DataViewSchema inputSchema, IReadOnlyList<OutputColumn> outputs)
    {
        InputSchema = inputSchema;
        Outputs = outputs;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumns(outputs.Select(o => o.Column));
        OutputSchema = builder.ToSchema();
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>One computed column: its definition, the input columns it reads, and the batch function that fills it.</summary>
    /// <param name="Column">Name, type and annotations of the new column.</param>
    /// <param name="Inputs">Indices of the input columns it reads.</param>
    /// <param name="Fill">Fills the destination for every row of the batch.</param>
    internal sealed record OutputColumn(DataViewSchema.DetachedColumn Column, int[] Inputs, Action<DataViewBatch, ColumnBuffer> Fill);
}
