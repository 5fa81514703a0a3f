using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of the autoencoder (<see cref="AutoencoderTrainer"/> and <c>Transforms.AutoencoderEncode</c>). The network
/// reads the features standardized with the training rows' mean and standard deviation, encodes them through
/// <see cref="EncoderLayers"/> (the last is the bottleneck), decodes them through the same sizes in reverse, and
/// reconstructs them with a linear layer; it trains with mean squared error. The defaults follow PyOD's AutoEncoder.
/// </summary>
public sealed class AutoencoderOptions : NetworkTrainingOptions
{
    /// <summary>Creates the options with their defaults: 10 epochs and weight decay 1e-5.</summary>
    public AutoencoderOptions()
        : base(epochs: 10) => WeightDecay = 1e-5f;

    /// <summary>Gets or sets the feature column, a known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>Gets or sets the units of each encoder layer, input side first; the last is the bottleneck and the decoder
    /// mirrors the others. Default [64, 32].</summary>
    public int[] EncoderLayers { get; set; } = [64, 32];

    /// <summary>Gets or sets the hidden layers' activation. Default ReLU.</summary>
    public ActivationFunction Activation { get; set; } = ActivationFunction.ReLU;

    /// <summary>Gets or sets whether each hidden layer is batch-normalized before its activation. Default true.</summary>
    public bool BatchNormalization { get; set; } = true;

    /// <summary>Gets or sets the dropout rate after each hidden layer, in [0, 1). Default 0.2.</summary>
    public float DropoutRate { get; set; } = 0.2f;

    /// <summary>Gets or sets the standard deviation of Gaussian noise added to the standardized inputs while training
    /// (a denoising autoencoder: it learns to reconstruct the clean row from a corrupted one). Default 0: none.</summary>
    public float NoiseStandardDeviation { get; set; }

    /// <summary>Gets or sets the expected fraction of anomalies in the training data, in (0, 0.5]: the threshold is the
    /// (1 − contamination) quantile of the training rows' scores (linear interpolation, NumPy's rule), so that fraction
    /// of them is flagged. Default 0.1. Not used when <see cref="Threshold"/> is set.</summary>
    public double Contamination { get; set; } = 0.1;

    /// <summary>Gets or sets the score above which a row is an anomaly, or null (default) to take it from
    /// <see cref="Contamination"/>.</summary>
    public float? Threshold { get; set; }

    /// <summary>The hidden layers as the MLP trainers' options, which build the dense stack.</summary>
    internal MlpOptions Network => new()
    {
        FeatureColumnName = FeatureColumnName,
        HiddenLayers = [.. EncoderLayers, .. EncoderLayers[..^1].Reverse()],
        Activation = Activation,
        BatchNormalization = BatchNormalization,
        DropoutRate = DropoutRate,
        L1Regularization = L1Regularization,
        L2Regularization = L2Regularization,
    };

    /// <inheritdoc/>
    internal override void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
        base.Validate();
        ArgumentNullException.ThrowIfNull(EncoderLayers, nameof(EncoderLayers));
        if (EncoderLayers.Length == 0)
        {
            throw new ArgumentException("An autoencoder needs at least one encoder layer (the bottleneck).", nameof(EncoderLayers));
        }

        if (!(NoiseStandardDeviation >= 0f) || !float.IsFinite(NoiseStandardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseStandardDeviation), NoiseStandardDeviation, "The noise's standard deviation must be a finite number ≥ 0.");
        }

        if (!(Contamination is > 0 and <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Contamination), Contamination, "The contamination must be in (0, 0.5].");
        }

        if (Threshold is { } t && !float.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), t, "The threshold must be a finite number.");
        }

        Network.Validate();
    }
}
