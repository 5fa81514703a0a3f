using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Keeps the training rows of a vector column so that a <see cref="NearestNeighborImputingTransformer"/> can fill each
/// missing slot from the nearest training rows that have it, as scikit-learn's KNNImputer does. Created by
/// <c>mlContext.Transforms.ReplaceMissingValuesByNearestNeighbors</c>.
/// </summary>
public sealed class NearestNeighborImputingEstimator : IEstimator<NearestNeighborImputingTransformer>
{
    private const string Expected = "a known-size vector of Single or Double";
    private readonly InputOutputColumnPair _column;
    private readonly int _numberOfNeighbors;
    private readonly Weighting _weighting;

    internal NearestNeighborImputingEstimator(InputOutputColumnPair column, int numberOfNeighbors, Weighting weighting)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfNeighbors, 1);
        if (!Enum.IsDefined(weighting))
        {
            throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Unknown weighting.");
        }

        _column = column;
        _numberOfNeighbors = numberOfNeighbors;
        _weighting = weighting;
    }

    /// <summary>How the neighbours' values are averaged.</summary>
    public enum Weighting : byte
    {
        /// <summary>Every neighbour counts the same (the default).</summary>
        Uniform = 0,

        /// <summary>Each neighbour counts by the inverse of its distance; neighbours at distance 0, when any, decide alone.</summary>
        Distance = 1,
    }

    /// <summary>Reads and keeps the training rows.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted transformer.</returns>
    public NearestNeighborImputingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = Require(input.Schema);
        return new NearestNeighborImputingTransformer(_column, column.Type, VectorRows.Read(input, column), _numberOfNeighbors, _weighting);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema => new NearestNeighborImputingTransformer(_column, Require(schema).Type, [], _numberOfNeighbors, _weighting).GetOutputSchema(schema));
    }

    private DataViewSchema.Column Require(DataViewSchema schema) =>
        SchemaErrors.Require(schema, _column.InputColumnName, SchemaErrors.IsKnownSizeNumericVector, Expected);
}
