using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>
/// Gives every row a number in [0, 1) that decides its split: a seeded hash of the row position, or of the
/// sampling key (so equal keys land together), or, for Single and Double keys, the key min-max scaled.
/// </summary>
internal sealed class SplitAssignment
{
    private SplitAssignment(int[] columns, Func<DataViewBatch, int, double> value)
    {
        Columns = columns;
        Value = value;
    }

    public int[] Columns { get; }

    public Func<DataViewBatch, int, double> Value { get; }

    public static SplitAssignment Create(IDataView data, string? samplingKeyColumnName, int seed)
    {
        if (samplingKeyColumnName is null)
        {
            return new SplitAssignment([], (batch, r) => SplitHash.Uniform(seed, (ulong)(batch.Position + r)));
        }

        DataViewSchema.Column key = SchemaErrors.Require(data.Schema, samplingKeyColumnName, t => t is PrimitiveDataViewType, "a scalar", "sampling key");
        Type raw = key.Type.RawType;
        if (raw == typeof(float) || raw == typeof(double))
        {
            var range = new Lazy<(double Min, double Max)>(() => Range(data, key), LazyThreadSafetyMode.ExecutionAndPublication);
            return new SplitAssignment([key.Index], (batch, r) =>
            {
                double x = raw == typeof(float) ? batch.GetColumn<float>(key).Values[r] : batch.GetColumn<double>(key).Values[r];
                if (double.IsNaN(x))
                {
                    throw new InvalidOperationException($"Sampling key column '{key.Name}' is NaN at row {batch.Position + r}; rows without a key cannot be assigned to a split.");
                }

                (double min, double max) = range.Value;
                return max > min ? Math.Min((x - min) / (max - min), 1 - 1e-12) : 0;
            });
        }

        Func<DataViewBatch, int, ulong> hash =
            raw == typeof(ReadOnlyMemory<char>) ? (b, r) => SplitHash.Text(b.GetColumn<ReadOnlyMemory<char>>(key).Values[r].Span)
            : raw == typeof(int) ? (b, r) => (ulong)b.GetColumn<int>(key).Values[r]
            : raw == typeof(long) ? (b, r) => (ulong)b.GetColumn<long>(key).Values[r]
            : raw == typeof(uint) ? (b, r) => b.GetColumn<uint>(key).Values[r]
            : raw == typeof(bool) ? (b, r) => b.GetColumn<bool>(key).Values[r] ? 1UL : 0UL
            : throw SchemaErrors.Mismatch(key.Name, "a scalar of a supported type", key.Type, "sampling key");
        return new SplitAssignment([key.Index], (batch, r) => SplitHash.Uniform(seed, hash(batch, r)));
    }

    private static (double Min, double Max) Range(IDataView data, DataViewSchema.Column key)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        using DataViewBatchCursor cursor = data.GetBatchCursor([key]);
        while (cursor.MoveNext())
        {
            for (int r = 0; r < cursor.Batch.RowCount; r++)
            {
                double x = key.Type.RawType == typeof(float) ? cursor.Batch.GetColumn<float>(key).Values[r] : cursor.Batch.GetColumn<double>(key).Values[r];
                if (!double.IsNaN(x))
                {
                    min = Math.Min(min, x);
                    max = Math.Max(max, x);
                }
            }
        }

        return (min, max);
    }
}
