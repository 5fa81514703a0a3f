using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Evaluation;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a self-organizing map (Kohonen): a grid of nodes whose weight vectors spread over the data so that nearby nodes
/// hold similar rows. As a clustering trainer, each row's cluster is its best-matching node, or the cluster of nodes it
/// belongs to when <see cref="SomOptions.NumberOfClusters"/> merges them. Made by <c>mlContext.Clustering.Trainers.Som</c>.
/// </summary>
public sealed class SomTrainer : IEstimator<ClusteringPredictionTransformer<SomModelParameters>>
{
    private readonly MLContext _context;
    private readonly SomOptions _options;

    internal SomTrainer(MLContext context, SomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options;
    }

    /// <summary>Trains on the feature column of <paramref name="input"/>.</summary>
    /// <param name="input">Training data.</param>
    /// <returns>The map as a clustering prediction transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector of Single.</exception>
    /// <exception cref="InvalidDataException">A feature is not finite, or there are no rows.</exception>
    public ClusteringPredictionTransformer<SomModelParameters> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = RequireFeatures(input.Schema);
        int width = ((VectorDataViewType)column.Type).Size;
        float[] x = VectorRows.ReadFinite(input, column, "a self-organizing map");
        if (x.Length == 0)
        {
            throw new InvalidDataException($"The training data has no rows; the {nameof(SomTrainer)} needs at least one.");
        }

        var grid = new SomGrid(_options.Width, _options.Height, _options.Topology, _options.Toroidal);
        var random = new Random(_options.Seed ?? _context.NextSeed());
        float[] codebook = SomTraining.Train(_options, grid, x, width, random);
        return new ClusteringPredictionTransformer<SomModelParameters>(SomModelParameters.Create(grid, _options.Distance, codebook, _options.NumberOfClusters, x), _options.FeatureColumnName);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema =>
        {
            RequireFeatures(schema);
            int clusters = _options.NumberOfClusters > 0 ? _options.NumberOfClusters : _options.Width * _options.Height;
            return SchemaShapeBridge.Append(schema, (DefaultColumnNames.Score, new VectorDataViewType(NumberDataViewType.Single, clusters)), (DefaultColumnNames.PredictedLabel, new KeyDataViewType(typeof(uint), clusters)));
        });
    }

    private DataViewSchema.Column RequireFeatures(DataViewSchema schema) => EvaluationColumns.RequireFloatVector(schema, _options.FeatureColumnName, "feature");
}
