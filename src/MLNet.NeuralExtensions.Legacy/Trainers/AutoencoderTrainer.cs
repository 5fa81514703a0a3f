using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Detects anomalies by how badly an autoencoder trained on the data reconstructs a row: the score is the mean squared
/// reconstruction error of the standardized features, and rows scoring above a threshold (set, or taken from the
/// expected contamination) are predicted anomalies. Made by <c>mlContext.AnomalyDetection.Trainers.Autoencoder</c>.
/// </summary>
public sealed class AutoencoderTrainer : IEstimator<AnomalyPredictionTransformer<AutoencoderModelParameters>>
{
    private readonly MLContext _context;
    private readonly AutoencoderOptions _options;

    internal AutoencoderTrainer(MLContext context, AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options;
    }

    /// <summary>Trains on the feature column of <paramref name="input"/> (labels, if any, are not read).</summary>
    /// <param name="input">Training data, mostly normal rows.</param>
    /// <returns>The detector.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector of Single.</exception>
    /// <exception cref="InvalidDataException">A feature is not finite, or there are no rows; the message names the row.</exception>
    public AnomalyPredictionTransformer<AutoencoderModelParameters> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (model, features) = AutoencoderFitting.Fit(_context, _options, input, nameof(AutoencoderTrainer));
        float threshold = _options.Threshold ?? ContaminationThreshold(((IScoringModel)model).Score(features, features.Length / model.FeatureMeans.Count));
        return new AnomalyPredictionTransformer<AutoencoderModelParameters>(model, _options.FeatureColumnName, threshold);
    }

    // The (1 − contamination) quantile of the training rows' scores.
    private float ContaminationThreshold(float[] scores) => (float)SlotStatistics.Interpolate([.. scores.Select(s => (double)s).Order()], 1 - _options.Contamination);

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema =>
        {
            AutoencoderFitting.RequireFeatures(schema, _options);
            return SchemaShapeBridge.Append(schema, (DefaultColumnNames.Score, NumberDataViewType.Single), (DefaultColumnNames.PredictedLabel, BooleanDataViewType.Instance));
        });
    }
}
