using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Detects anomalies by how badly an autoencoder trained on the data reconstructs a row, as an ML.NET anomaly detection
/// trainer returning ML.NET's <see cref="AnomalyPredictionTransformer{TModel}"/>: Score is the mean squared
/// reconstruction error in the features' scale (see <see cref="AutoencoderModelParameters"/>), PredictedLabel is Score
/// above the threshold, taken from <see cref="AutoencoderOptions.Contamination"/> or set. The features are standardized
/// inside the model, so they need no normalization first. Labels, if any, are not read: evaluate with
/// <c>mlContext.AnomalyDetection.Evaluate</c> (a Single label, 1 for an anomaly, or a key of two values). Made by
/// <c>mlContext.AnomalyDetection.Trainers.Autoencoder</c>.
/// </summary>
public sealed class AutoencoderTrainer : TrainerEstimatorBase<AnomalyPredictionTransformer<AutoencoderModelParameters>, AutoencoderModelParameters>
{
    private readonly IHostEnvironment _environment;

    internal AutoencoderTrainer(IHostEnvironment env, AutoencoderOptions options)
        : base(Contracts.CheckRef(env, nameof(env)).Register("Autoencoder"), TrainerUtils.MakeR4VecFeature(Validated(options).FeatureColumnName), default,
            TrainerUtils.MakeR4ScalarWeightColumn(options.ExampleWeightColumnName))
    {
        _environment = env;
        Options = options;
    }

    /// <summary>Gets the options the trainer was made with.</summary>
    public AutoencoderOptions Options { get; }

    /// <inheritdoc/>
    public override TrainerInfo Info { get; } = new(normalization: false, caching: false, supportValid: true);

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.AnomalyDetection;

    /// <summary>Trains on <paramref name="trainData"/>, validating after every epoch on <paramref name="validationData"/>
    /// (for early stopping and the learning-rate plateau) instead of a held-out
    /// <see cref="NetworkTrainingOptions.ValidationFraction"/>.</summary>
    /// <param name="trainData">The training rows.</param>
    /// <param name="validationData">The validation rows, with the same feature column.</param>
    /// <returns>The anomaly prediction transformer over the trained autoencoder.</returns>
    public AnomalyPredictionTransformer<AutoencoderModelParameters> Fit(IDataView trainData, IDataView validationData) => TrainTransformer(trainData, validationData);

    /// <inheritdoc/>
    protected override AutoencoderModelParameters TrainModelCore(TrainContext trainContext)
    {
        Host.CheckValue(trainContext, nameof(trainContext));
        return AutoencoderFitting.Fit(_environment, Host, Options, trainContext.TrainingSet.Data, trainContext.ValidationSet?.Data);
    }

    /// <inheritdoc/>
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) =>
    [
        new(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
        new(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
    ];

    /// <inheritdoc/>
    protected override AnomalyPredictionTransformer<AutoencoderModelParameters> MakeTransformer(AutoencoderModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name, model.TrainingThreshold);

    private static AutoencoderOptions Validated(AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
