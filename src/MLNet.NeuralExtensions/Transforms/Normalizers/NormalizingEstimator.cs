using System.Numerics;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Fits the per-slot parameters of a <see cref="NormalizingTransformer"/> in one pass over the training data (the first
/// <c>maximumExampleCount</c> rows, NaN ignored). Created by the <c>mlContext.Transforms.Normalize*</c> methods.
/// </summary>
public sealed class NormalizingEstimator : IEstimator<NormalizingTransformer>
{
    private const string Expected = "Single or Double, or a known-size vector of them";
    private readonly NormalizerColumnOptions[] _columns;

    internal NormalizingEstimator(params NormalizerColumnOptions[] columns)
    {
        if (columns.Length == 0)
        {
            throw new ArgumentException("A normalizer needs at least one column.", nameof(columns));
        }

        _columns = columns;
    }

    /// <summary>Reads the input columns and fits each column's normalizer.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted transformer.</returns>
    public NormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column[] inputs = [.. _columns.Select(c => SchemaErrors.Require(input.Schema, c.Column.InputColumnName, IsNormalizable, Expected))];
        SlotStatistics[] statistics = [.. _columns.Select((c, i) => new SlotStatistics(ColumnBuffers.Width(inputs[i].Type), c.KeepsValues))];
        long limit = _columns.Max(c => c.MaximumExampleCount);
        long seen = 0;
        using (DataViewBatchCursor cursor = input.GetBatchCursor(inputs.DistinctBy(c => c.Index)))
        {
            while (seen < limit && cursor.MoveNext())
            {
                DataViewBatch batch = cursor.Batch;
                for (int i = 0; i < _columns.Length; i++)
                {
                    int rows = (int)Math.Clamp(_columns[i].MaximumExampleCount - seen, 0, batch.RowCount);
                    bool log = _columns[i].FitsLogarithm;
                    if (IsDouble(inputs[i].Type))
                    {
                        Accumulate(batch.GetColumn<double>(inputs[i]).Values, rows, statistics[i], log);
                    }
                    else
                    {
                        Accumulate(batch.GetColumn<float>(inputs[i]).Values, rows, statistics[i], log);
                    }
                }

                seen += batch.RowCount;
            }
        }

        return new NormalizingTransformer([.. _columns.Select((c, i) => Column(c, inputs[i].Type, c.Create(statistics[i])))]);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema => new NormalizingTransformer([.. _columns.Select(c =>
        {
            DataViewType type = SchemaErrors.Require(schema, c.Column.InputColumnName, IsNormalizable, Expected).Type;
            int width = ColumnBuffers.Width(type);
            return Column(c, type, new AffineNormalizerFunction(new double[width], new double[width]));
        })]).GetOutputSchema(schema));
    }

    private static bool IsNormalizable(DataViewType type) =>
        SchemaErrors.IsNumericScalarOrVector(type) && type is not VectorDataViewType { IsKnownSize: false };

    private static bool IsDouble(DataViewType type) => ColumnBuffers.ItemType(type).RawType == typeof(double);

    private static NormalizingTransformer.NormalizedColumn Column(NormalizerColumnOptions options, DataViewType type, NormalizerFunction function) =>
        new(options.Column, IsDouble(type), type is VectorDataViewType, function);

    private static void Accumulate<T>(ReadOnlySpan<T> values, int rows, SlotStatistics statistics, bool log)
        where T : INumberBase<T>
    {
        int width = statistics.Width;
        for (int row = 0; row < rows; row++)
        {
            for (int slot = 0; slot < width; slot++)
            {
                double v = double.CreateTruncating(values[(row * width) + slot]);
                statistics.Add(slot, log ? (v > 0 ? Math.Log(v) : double.NaN) : v);
            }
        }
    }
}
