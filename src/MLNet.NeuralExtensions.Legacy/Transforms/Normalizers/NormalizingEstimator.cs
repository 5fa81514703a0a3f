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
        SlotStatistics[] statistics = SlotStatistics.Gather(input, [.. _columns.Select((c, i) => new SlotStatistics.Request(inputs[i], c.MaximumExampleCount, c.KeepsValues, c.FitsLogarithm))]);
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

    private static NormalizingTransformer.NormalizedColumn Column(NormalizerColumnOptions options, DataViewType type, NormalizerFunction function) =>
        new(options.Column, NumericColumnType.Of(type), function);
}
