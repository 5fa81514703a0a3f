using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of the autoencoder, for the anomaly detector (<see cref="AutoencoderTrainer"/>) and the encoding transform
/// (<c>Transforms.AutoencoderEncode</c>). The network reads the features standardized with the training rows' mean and
/// standard deviation, encodes them through <see cref="EncoderLayers"/> (the last is the bottleneck), decodes them through
/// the same sizes in reverse and reconstructs them with a linear layer; it trains with mean squared error. The defaults
/// are PyOD's AutoEncoder's: encoder [64, 32], batch normalization, ReLU, dropout 0.2, Adam at 0.001 with weight decay
/// 1e-5, batch 32, 10 epochs, contamination 0.1.
/// </summary>
public sealed class AutoencoderOptions : NetworkTrainingOptions
{
    /// <summary>Creates the options with their defaults: 10 epochs and weight decay 1e-5 among them.</summary>
    public AutoencoderOptions()
        : base(epochs: 10) => WeightDecay = 1e-5f;

    /// <summary>Gets or sets the feature column, a known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>Gets or sets a Single column of per-row weights in the reconstruction loss, or null (default) for equal
    /// weights. The standardization and the contamination threshold count every row once.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>Gets or sets the units of each encoder layer, input side first; the last is the bottleneck (the code's size)
    /// and the decoder mirrors the others. Default [64, 32].</summary>
    public int[] EncoderLayers { get; set; } = [64, 32];

    /// <summary>Gets or sets the hidden layers' activation. Default ReLU.</summary>
    public ActivationFunction Activation { get; set; } = ActivationFunction.ReLU;

    /// <summary>Gets or sets whether each hidden layer is batch-normalized before its activation. Default true.</summary>
    public bool BatchNormalization { get; set; } = true;

    /// <summary>Gets or sets the dropout rate after each hidden layer, in [0, 1). Default 0.2.</summary>
    public float DropoutRate { get; set; } = 0.2f;

    /// <summary>Gets or sets the standard deviation of Gaussian noise added to the standardized inputs while training (a
    /// denoising autoencoder: it learns to reconstruct the clean row from a corrupted one). Default 0: none.</summary>
    public float NoiseStandardDeviation { get; set; }

    /// <summary>Gets or sets the expected fraction of anomalies in the training data, in (0, 0.5]: the threshold is the
    /// (1 − contamination) quantile of the training rows' scores (linear interpolation, NumPy's rule, as PyOD takes it),
    /// so that fraction of them is flagged. Default 0.1. Not used when <see cref="Threshold"/> is set.</summary>
    public double Contamination { get; set; } = 0.1;

    /// <summary>Gets or sets the score above which a row is an anomaly, or null (default) to take it from
    /// <see cref="Contamination"/>.</summary>
    public float? Threshold { get; set; }

    /// <summary>The hidden layers, encoder then decoder: [64, 32] gives [64, 32, 64].</summary>
    private int[] HiddenLayers => [.. EncoderLayers, .. EncoderLayers[..^1].Reverse()];

    /// <summary>The network for <paramref name="features"/> standardized features: the noise layer (when
    /// <see cref="NoiseStandardDeviation"/> &gt; 0), the hidden layers and the linear reconstruction.</summary>
    internal Sequential CreateNetwork(int features)
    {
        var layers = new List<Layer>();
        if (NoiseStandardDeviation > 0f)
        {
            layers.Add(new GaussianNoise(NoiseStandardDeviation));
        }

        DenseHead.Append(layers, HiddenLayers, Activation, DropoutRate, BatchNormalization, KernelRegularization, features);
        return new Sequential(layers);
    }

    /// <summary>How many of <paramref name="network"/>'s layers (made by <see cref="CreateNetwork"/>) make the encoder:
    /// every layer before the first decoder layer, the bottleneck's normalization, activation and dropout included.</summary>
    internal int EncoderLayerCount(Sequential network) =>
        network.Layers.Select((layer, index) => (layer, index)).Where(l => l.layer is Dense).ElementAt(EncoderLayers.Length).index;

    /// <inheritdoc/>
    internal override void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
        base.Validate();
        ArgumentNullException.ThrowIfNull(EncoderLayers, nameof(EncoderLayers));
        if (EncoderLayers.Length == 0)
        {
            throw new ArgumentException("An autoencoder needs at least one encoder layer (the bottleneck); EncoderLayers is empty.", nameof(EncoderLayers));
        }

        DenseHead.PositiveSizes(EncoderLayers, nameof(EncoderLayers), "Every encoder layer needs at least one unit");
        DenseHead.Validate(HiddenLayers, Activation, DropoutRate);
        if (!(NoiseStandardDeviation >= 0f) || !float.IsFinite(NoiseStandardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseStandardDeviation), NoiseStandardDeviation, "NoiseStandardDeviation must be a finite number ≥ 0.");
        }

        if (!(Contamination is > 0 and <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Contamination), Contamination, $"Contamination is {Contamination}; it must be in (0, 0.5].");
        }

        if (Threshold is { } threshold && !float.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), threshold, "Threshold must be a finite number, or null to take it from Contamination.");
        }
    }
}
