using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions;

/// <summary>The autoencoder anomaly detector and encoding transform, as extension methods of ML.NET's catalogs.</summary>
public static class AutoencoderCatalog
{
    /// <summary>An autoencoder anomaly detector; see <see cref="AutoencoderTrainer"/> and, for the other defaults (PyOD's:
    /// batch normalization, dropout 0.2, Adam at 0.001 with weight decay 1e-5), <see cref="AutoencoderOptions"/>.</summary>
    /// <param name="catalog">The anomaly detection trainers.</param>
    /// <param name="featureColumnName">A known-size vector of Single. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights in the reconstruction loss, or null (default).</param>
    /// <param name="contamination">The expected fraction of anomalies in the training data, in (0, 0.5], which sets the
    /// threshold. Default 0.1.</param>
    /// <param name="encoderLayers">Units of each encoder layer, the last being the bottleneck; null (default) for [64, 32].</param>
    /// <param name="epochs">Passes over the data. Default 10.</param>
    /// <returns>The trainer.</returns>
    public static AutoencoderTrainer Autoencoder(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null, double contamination = 0.1, int[]? encoderLayers = null, int epochs = 10)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        AutoencoderOptions options = Simple(featureColumnName, encoderLayers, epochs);
        options.ExampleWeightColumnName = exampleWeightColumnName;
        options.Contamination = contamination;
        return new(catalog.GetEnvironment(), options);
    }

    /// <summary>An autoencoder anomaly detector, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The anomaly detection trainers.</param>
    /// <param name="options">The columns, architecture, threshold and training.</param>
    /// <returns>The trainer.</returns>
    public static AutoencoderTrainer Autoencoder(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    /// <summary>Trains an autoencoder on a feature column and adds each row's code, the bottleneck's values; see
    /// <see cref="AutoencoderEncodingTransformer"/> and, for the other defaults, <see cref="AutoencoderOptions"/>.</summary>
    /// <param name="catalog">The transforms.</param>
    /// <param name="outputColumnName">The code column, a vector of the bottleneck's size.</param>
    /// <param name="inputColumnName">A known-size vector of Single; null (default) for <paramref name="outputColumnName"/>.</param>
    /// <param name="encoderLayers">Units of each encoder layer, the last being the bottleneck; null (default) for [64, 32].</param>
    /// <param name="epochs">Passes over the data. Default 10.</param>
    /// <returns>The estimator.</returns>
    public static AutoencoderEncodingEstimator AutoencoderEncode(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        int[]? encoderLayers = null, int epochs = 10)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), outputColumnName, Simple(inputColumnName ?? outputColumnName, encoderLayers, epochs));
    }

    /// <summary>Trains an autoencoder as <paramref name="options"/> describe it (its feature column is the input) and adds
    /// each row's code.</summary>
    /// <param name="catalog">The transforms.</param>
    /// <param name="outputColumnName">The code column.</param>
    /// <param name="options">The input column, architecture and training.</param>
    /// <returns>The estimator.</returns>
    public static AutoencoderEncodingEstimator AutoencoderEncode(this TransformsCatalog catalog, string outputColumnName, AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), outputColumnName, options);
    }

    private static AutoencoderOptions Simple(string featureColumnName, int[]? encoderLayers, int epochs) => new()
    {
        FeatureColumnName = featureColumnName,
        EncoderLayers = encoderLayers ?? [64, 32],
        Epochs = epochs,
    };
}
