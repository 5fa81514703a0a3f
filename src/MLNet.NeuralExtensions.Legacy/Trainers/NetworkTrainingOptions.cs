using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// The settings every trained network shares: the training loop (Keras' fit() features), the update rule and weight
/// penalties, and how the trained network scores. The supervised trainers' <see cref="NeuralNetworkOptions"/>, the
/// forecaster's <see cref="LstmForecastingOptions"/> and the autoencoder's <see cref="AutoencoderOptions"/> add their
/// columns and architecture.
/// </summary>
public abstract class NetworkTrainingOptions
{
    private protected NetworkTrainingOptions(int epochs) => Epochs = epochs;

    /// <summary>Gets or sets the passes over the training data. Default 100 for an MLP, 20 for a CNN or LSTM, 50 for the
    /// forecaster, 10 for the autoencoder.</summary>
    public int Epochs { get; set; }

    /// <summary>Gets or sets the rows per update. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets the update rule. Default <see cref="NeuralOptimizer.Adam"/>.</summary>
    public NeuralOptimizer Optimizer { get; set; } = NeuralOptimizer.Adam;

    /// <summary>Gets or sets the learning rate. Default 0.001.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>Gets or sets a learning-rate schedule over update steps that replaces <see cref="LearningRate"/>, or null (default).</summary>
    public LearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>Gets or sets decoupled weight decay (w −= lr · decay · w each step). Default 0 (1e-5 for the autoencoder);
    /// AdamW uses 0.004 when it is 0.</summary>
    public float WeightDecay { get; set; }

    /// <summary>Gets or sets the L1 penalty on every weight matrix (Keras' convention). Default 0.</summary>
    public float L1Regularization { get; set; }

    /// <summary>Gets or sets the L2 penalty on every weight matrix (Keras' convention: L2 · Σw²). Default 0.</summary>
    public float L2Regularization { get; set; }

    /// <summary>Gets or sets the bound on the global gradient norm, or 0 (default) for no clipping.</summary>
    public float GradientClipNorm { get; set; }

    /// <summary>Gets or sets the fraction of training examples held out to validate after every epoch (stratified for
    /// classification, else at random). Default 0: none.</summary>
    public float ValidationFraction { get; set; }

    /// <summary>Gets or sets early stopping (it monitors the validation loss by default, so set
    /// <see cref="ValidationFraction"/>), or null (default) to run every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Gets or sets the seed of initialization, shuffling, validation split, dropout and noise, or null (default)
    /// for one drawn from the MLContext's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Gets or sets the threads training may use, or null (default) for all processors.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Gets or sets a receiver of reports after every batch and epoch, or null (default).</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Gets or sets what scores the trained network. Default <see cref="ScoringBackend.Auto"/>: ONNX Runtime when
    /// its native library loads, else the managed engine.</summary>
    public ScoringBackend ScoringBackend { get; set; } = ScoringBackend.Auto;

    /// <summary>Gets or sets the CUDA device ONNX Runtime scores on, or null (default) for the MLContext's choice (the CPU
    /// unless <see cref="MLContext.GpuDeviceId"/> is set).</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Gets or sets whether to score on the CPU, with a logged warning, when the CUDA device cannot be used.
    /// Default false: an exception.</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>Throws on a setting out of range, naming it.</summary>
    internal virtual void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0f) || !float.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        }

        if (!Enum.IsDefined(Optimizer))
        {
            throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimizer.");
        }

        foreach (var (value, name) in new[] { (WeightDecay, nameof(WeightDecay)), (L1Regularization, nameof(L1Regularization)), (L2Regularization, nameof(L2Regularization)), (GradientClipNorm, nameof(GradientClipNorm)) })
        {
            if (!(value >= 0f) || !float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0.");
            }
        }

        if (!(ValidationFraction is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "The validation fraction must be in [0, 1).");
        }
    }

    /// <summary>The weight penalty for the network's weight matrices, or null.</summary>
    private protected Regularization? KernelRegularization => L1Regularization > 0f || L2Regularization > 0f ? new Regularization(L1Regularization, L2Regularization) : null;

    /// <summary>The training loop's settings as the options describe them, with <paramref name="seed"/>.</summary>
    internal TrainingOptions CreateTrainingOptions(int seed) => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        Seed = seed,
        ValidationFraction = ValidationFraction,
        EarlyStopping = EarlyStopping,
        NumberOfThreads = NumberOfThreads,
        Progress = Progress,
    };

    /// <summary>A new optimizer as the options describe it.</summary>
    internal Optimizer CreateOptimizer()
    {
        float decay = WeightDecay;
        LearningRateSchedule? schedule = LearningRateSchedule;
        float clip = GradientClipNorm;
        return Optimizer switch
        {
            NeuralOptimizer.Adam => new Adam(LearningRate) { WeightDecay = decay, Schedule = schedule, GlobalClipNorm = clip },
            NeuralOptimizer.AdamW => new AdamW(LearningRate, decay > 0f ? decay : 0.004f) { Schedule = schedule, GlobalClipNorm = clip },
            NeuralOptimizer.Nadam => new Nadam(LearningRate) { WeightDecay = decay, Schedule = schedule, GlobalClipNorm = clip },
            NeuralOptimizer.Adamax => new Adamax(LearningRate) { WeightDecay = decay, Schedule = schedule, GlobalClipNorm = clip },
            NeuralOptimizer.RmsProp => new RmsProp(LearningRate) { WeightDecay = decay, Schedule = schedule, GlobalClipNorm = clip },
            NeuralOptimizer.Sgd => new Sgd(LearningRate, momentum: 0.9f) { WeightDecay = decay, Schedule = schedule, GlobalClipNorm = clip },
            NeuralOptimizer.Adagrad => new Adagrad(LearningRate) { WeightDecay = decay, Schedule = schedule, GlobalClipNorm = clip },
            _ => new Adadelta(LearningRate) { WeightDecay = decay, Schedule = schedule, GlobalClipNorm = clip },
        };
    }

    /// <summary>A shallow copy with <see cref="Seed"/> set to <paramref name="seed"/>.</summary>
    internal NetworkTrainingOptions WithSeed(int seed)
    {
        var copy = (NetworkTrainingOptions)MemberwiseClone();
        copy.Seed = seed;
        return copy;
    }
}
