using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of the autoencoder (<see cref="AutoencoderTrainer"/> and <c>Transforms.AutoencoderEncode</c>). The network
/// reads the features standardized with the training rows' mean and standard deviation, encodes them through
/// <see cref="EncoderLayers"/> (the last is the bottleneck), decodes them through the same sizes in reverse, and
/// reconstructs them with a linear layer; it trains with mean squared error. The defaults follow PyOD's AutoEncoder.
/// </summary>
public sealed class AutoencoderOptions
{
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

    /// <summary>Gets or sets the passes over the training data. Default 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Gets or sets the rows per update. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets the update rule. Default <see cref="NeuralOptimizer.Adam"/>.</summary>
    public NeuralOptimizer Optimizer { get; set; } = NeuralOptimizer.Adam;

    /// <summary>Gets or sets the learning rate. Default 0.001.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>Gets or sets the decoupled weight decay (w −= lr · decay · w each step). Default 1e-5.</summary>
    public float WeightDecay { get; set; } = 1e-5f;

    /// <summary>Gets or sets the fraction of rows held out (at random) to validate after every epoch. Default 0.</summary>
    public float ValidationFraction { get; set; }

    /// <summary>Gets or sets early stopping on the validation loss (set <see cref="ValidationFraction"/>), or null (default).</summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Gets or sets the seed of initialization, shuffling, dropout and noise, or null (default) for one drawn from
    /// the MLContext's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Gets or sets the threads training may use, or null (default) for all processors.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Gets or sets a receiver of reports after every batch and epoch, or null (default).</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Gets or sets what scores the network. Default <see cref="ScoringBackend.Auto"/>.</summary>
    public ScoringBackend ScoringBackend { get; set; } = ScoringBackend.Auto;

    /// <summary>Gets or sets the CUDA device ONNX Runtime scores on, or null (default) for the MLContext's choice.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Gets or sets whether to score on the CPU, with a logged warning, when the CUDA device cannot be used.
    /// Default false.</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>The hidden layers and training settings as the MLP trainers' options, which build the dense stack and the
    /// optimizer.</summary>
    internal MlpOptions Network => new()
    {
        FeatureColumnName = FeatureColumnName,
        HiddenLayers = [.. EncoderLayers, .. EncoderLayers[..^1].Reverse()],
        Activation = Activation,
        BatchNormalization = BatchNormalization,
        DropoutRate = DropoutRate,
        Epochs = Epochs,
        BatchSize = BatchSize,
        Optimizer = Optimizer,
        LearningRate = LearningRate,
        WeightDecay = WeightDecay,
        ValidationFraction = ValidationFraction,
        EarlyStopping = EarlyStopping,
        Seed = Seed,
        NumberOfThreads = NumberOfThreads,
        Progress = Progress,
        ScoringBackend = ScoringBackend,
        GpuDeviceId = GpuDeviceId,
        FallbackToCpu = FallbackToCpu,
    };

    /// <summary>Throws on a setting out of range, naming it.</summary>
    internal void Validate()
    {
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
