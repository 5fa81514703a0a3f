using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a self-organizing map (Kohonen): a grid of nodes whose weight vectors spread over the data so that nearby nodes
/// hold similar rows. As an ML.NET clustering trainer, each row's cluster is its best-matching node, or the cluster of
/// nodes it belongs to when <see cref="SomOptions.NumberOfClusters"/> merges them: Score holds the distances to the
/// nodes (or clusters), PredictedLabel the key of the nearest. Made by <c>mlContext.Clustering.Trainers.Som</c>.
/// </summary>
/// <remarks>Normalization: recommended (distances mix the features' scales). Caching: not needed; the rows are read
/// once into memory. Exportable to ONNX: yes.</remarks>
public sealed class SomTrainer : TrainerEstimatorBase<ClusteringPredictionTransformer<SomModelParameters>, SomModelParameters>
{
    internal const string LoadName = "SelfOrganizingMap";
    private const string Consumer = "the Som trainer";
    private readonly SomOptions _options;

    internal SomTrainer(IHostEnvironment env, SomOptions options)
        : base(Contracts.CheckRef(env, nameof(env)).Register(LoadName), TrainerUtils.MakeR4VecFeature(options.FeatureColumnName),
            default, TrainerUtils.MakeR4ScalarWeightColumn(options.ExampleWeightColumnName))
    {
        options.Validate(Host);
        _options = options;
    }

    /// <inheritdoc/>
    public override TrainerInfo Info { get; } = new(normalization: true, caching: false);

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.Clustering;

    /// <inheritdoc/>
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) =>
    [
        new SchemaShape.Column(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
        new SchemaShape.Column(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
    ];

    /// <inheritdoc/>
    protected override SomModelParameters TrainModelCore(TrainContext trainContext)
    {
        Host.CheckValue(trainContext, nameof(trainContext));
        RoleMappedData data = trainContext.TrainingSet;
        data.CheckFeatureFloatVector(out int featureCount);
        DataViewSchema.Column features = data.Schema.Feature!.Value;
        float[] x = ColumnReader.ReadSingleVectors(data.Data, features, out int rows);
        if (rows == 0)
        {
            throw new InvalidDataException($"Column '{features.Name}' has no rows; {Consumer} needs at least one training row.");
        }

        ColumnReader.RequireFinite(x, featureCount, features.Name, Consumer);
        double[] weights = ReadWeights(data, rows);
        using IChannel channel = Host.Start("Training");
        var grid = new SomGrid(_options.Width, _options.Height, _options.Topology, _options.Toroidal);
        var random = new Random(_options.Seed ?? Host.Rand.Next());
        float[] codebook = SomTraining.Train(_options, grid, x, featureCount, weights, random);
        SomModelParameters model = SomModelParameters.Create(Host, grid, _options.Distance, codebook, _options.NumberOfClusters, _options.RefineClusters, x, weights);
        channel.Info("Trained a {0} × {1} map on {2} rows: quantization error {3:G4}, topographic error {4:G4}.", grid.Width, grid.Height, rows, model.QuantizationError, model.TopographicError);
        return model;
    }

    /// <inheritdoc/>
    protected override ClusteringPredictionTransformer<SomModelParameters> MakeTransformer(SomModelParameters model, DataViewSchema trainSchema) =>
        new(Host, model, trainSchema, FeatureColumn.Name);

    // The rows' weights: those of the weight column (finite, not negative, not all 0), else 1 each.
    private static double[] ReadWeights(RoleMappedData data, int rows)
    {
        if (data.Schema.Weight is not DataViewSchema.Column column)
        {
            return [.. Enumerable.Repeat(1.0, rows)];
        }

        double[] weights = ColumnReader.ReadScalars(data.Data, column);
        int bad = Array.FindIndex(weights, w => !(w >= 0) || double.IsInfinity(w));
        if (bad >= 0)
        {
            throw new InvalidDataException($"Column '{column.Name}', row {bad}: the weight is {weights[bad]}; {Consumer} needs finite, non-negative weights.");
        }

        return weights.Any(w => w > 0) ? weights : throw new InvalidDataException($"Column '{column.Name}': every weight is 0; {Consumer} needs a row of positive weight.");
    }
}
