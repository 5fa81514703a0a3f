using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Keeps the training rows of a vector column so that <see cref="NearestNeighborImputingTransformer"/> can fill each
/// missing slot of a row from the training rows nearest to it that have that slot, as scikit-learn's KNNImputer does.
/// Created by <see cref="ImputationCatalog.ReplaceMissingValuesByNearestNeighbors"/>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input column</term><description>A known-size vector of Single or Double.</description></item>
/// <item><term>Output column</term><description>The input's type, slot names and normalization flag.</description></item>
/// <item><term>Exportable to ONNX</term><description>Yes (opset 10 or later); the training rows are constants of the graph.</description></item>
/// </list>
/// A slot with no present value in the training data has no donor: fitting throws <see cref="InvalidDataException"/>
/// naming the column and slot.
/// </remarks>
public sealed class NearestNeighborImputingEstimator : IEstimator<NearestNeighborImputingTransformer>
{
    private readonly IHost _host;
    private readonly InputOutputColumnPair _column;
    private readonly int _numberOfNeighbors;
    private readonly Weighting _weighting;

    internal NearestNeighborImputingEstimator(IHostEnvironment env, InputOutputColumnPair column, int numberOfNeighbors, Weighting weighting)
    {
        Contracts.CheckValue(env, nameof(env));
        _host = env.Register(nameof(NearestNeighborImputingEstimator));
        _host.CheckValue(column, nameof(column));
        _host.CheckUserArg(numberOfNeighbors >= 1, nameof(numberOfNeighbors), $"must be at least 1; got {numberOfNeighbors}");
        _host.CheckUserArg(Enum.IsDefined(weighting), nameof(weighting), $"must be Uniform or Distance; got {(int)weighting}");
        _column = column;
        _numberOfNeighbors = numberOfNeighbors;
        _weighting = weighting;
    }

    /// <summary>How the donors' values are averaged.</summary>
    public enum Weighting : byte
    {
        /// <summary>Every donor counts the same (the default; scikit-learn's "uniform").</summary>
        Uniform = 0,

        /// <summary>Each donor counts by the inverse of its distance, and donors at distance 0, when there are any, decide
        /// alone (scikit-learn's "distance").</summary>
        Distance = 1,
    }

    /// <summary>Reads and keeps the training rows.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted transformer.</returns>
    public NearestNeighborImputingTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        DataViewSchema.Column column = ImputerSchema.Require(_host, input.Schema, _column.InputColumnName, vectorOnly: true);
        double[] train = ColumnReader.ReadVectorsAsDouble(input, column, out _);
        return new NearestNeighborImputingTransformer(_host, (_column.OutputColumnName, _column.InputColumnName), column.Type, train, _numberOfNeighbors, _weighting);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ImputerSchema.Output(_host, inputSchema, [_column], vectorOnly: true);

    internal static class Defaults
    {
        public const int NumberOfNeighbors = 5;
        public const Weighting NeighborWeighting = Weighting.Uniform;
    }
}
