using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// The settings every trained network shares: the training loop (the engine's <see cref="TrainingOptions"/>, Keras'
/// fit() features), the update rule and weight penalties, and how the trained network scores. The supervised trainers'
/// <see cref="NeuralNetworkOptions"/> add their columns and architecture.
/// </summary>
/// <remarks>The loop's settings are the engine's, set here flat as ML.NET's trainer options are; the trainer hands them to
/// the engine as one <see cref="TrainingOptions"/>, which also validates them.</remarks>
public abstract class NetworkTrainingOptions
{
    private protected NetworkTrainingOptions(int epochs) => Epochs = epochs;

    /// <summary>Gets or sets the passes over the training data (the most, with early stopping). Default 200 for an MLP,
    /// 20 for a CNN or LSTM.</summary>
    public int Epochs { get; set; }

    /// <summary>Gets or sets the rows per update. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets whether the training rows are shuffled (seeded) before every epoch. Default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>Gets or sets the update rule. Default <see cref="NeuralOptimizer.Adam"/>.</summary>
    public NeuralOptimizer Optimizer { get; set; } = NeuralOptimizer.Adam;

    /// <summary>Gets or sets the learning rate. Default 0.001.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>Gets or sets a learning-rate schedule over update steps that replaces <see cref="LearningRate"/>, or
    /// null (default).</summary>
    public LearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>Gets or sets decoupled weight decay (w −= lr · decay · w each step). Default 0; AdamW uses 0.004 when it
    /// is 0.</summary>
    public float WeightDecay { get; set; }

    /// <summary>Gets or sets the L1 penalty on every weight matrix (Keras' convention: L1 · Σ|w|). Default 0.</summary>
    public float L1Regularization { get; set; }

    /// <summary>Gets or sets the L2 penalty on every weight matrix (Keras' convention: L2 · Σw² added to the batch's mean
    /// loss; scikit-learn's <c>alpha</c> corresponds to alpha / (2 · batch size)). Default 1e-4 for an MLP, 0 for the other
    /// networks (CNN, LSTM).</summary>
    public float L2Regularization { get; set; }

    /// <summary>Gets or sets the bound on the global gradient norm, or 0 (default) for no clipping.</summary>
    public float GradientClipNorm { get; set; }

    /// <summary>Gets or sets the fraction of training rows held out to validate after every epoch (stratified for
    /// classification, else at random), in [0, 1). Ignored when the trainer is given a validation set
    /// (<c>Fit(train, validation)</c>). When the fraction of each class rounds to no row (a handful of rows), every row
    /// trains, without validation, and a warning is logged. Default 0.1 for an MLP (held-out rows do not train; set 0
    /// to train on all of them), 0 (none) for the other networks (CNN, LSTM).</summary>
    public float ValidationFraction { get; set; }

    /// <summary>Gets or sets early stopping (it monitors the validation loss by default, the training loss when there are
    /// no validation rows), or null to run every epoch. Default for an MLP: patience 30 epochs, restoring the best epoch's
    /// weights; null for the other networks (CNN, LSTM).</summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Gets or sets lowering the learning rate when the monitored loss stops improving, or null (default).</summary>
    public ReduceLearningRateOnPlateau? ReduceLearningRateOnPlateau { get; set; }

    /// <summary>Gets or sets a file the network is written to whenever the monitored loss improves, or null (default).</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Gets or sets whether training stops when the loss becomes NaN or infinite. Default true.</summary>
    public bool StopOnNaN { get; set; } = true;

    /// <summary>Gets or sets the seed of initialization, shuffling, validation split, dropout and noise, or null
    /// (default) for one drawn from the MLContext's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Gets or sets the threads training may use, or null (default) for all processors.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Gets or sets a receiver of reports after every batch and epoch, or null (default). Each epoch is also
    /// logged to the MLContext's log.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Gets or sets a token that stops training between batches with an <see cref="OperationCanceledException"/>;
    /// default none. (ML.NET 5.0's own <c>MLContext.CancelExecution</c> is not public; training stops on it too where
    /// ML.NET's components call it.)</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Gets or sets training on adversarial examples: in every batch a share of the examples is replaced by
    /// the adversarial examples an attack makes against the network as it stands (e.g.
    /// <c>new AdversarialTraining(AdversarialAttack.ProjectedGradientDescent(0.1f, 0.025f, 7))</c>), in the space of the
    /// Features column as the trainer reads it; null (default) for clean examples only. Not for sequences of varying
    /// length.</summary>
    public AdversarialTraining? AdversarialTraining { get; set; }

    /// <summary>Gets or sets what scores the trained network. Default <see cref="ScoringBackend.Auto"/>.</summary>
    public ScoringBackend ScoringBackend { get; set; } = ScoringBackend.Auto;

    /// <summary>Gets or sets the CUDA device ONNX Runtime scores on, or null (default) for the MLContext's
    /// <c>GpuDeviceId</c>.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Gets or sets whether to score on the CPU, with one logged warning, when the CUDA device cannot be used;
    /// null (default) for the MLContext's <c>FallbackToCpu</c>.</summary>
    public bool? FallbackToCpu { get; set; }

    /// <summary>Throws on a setting out of range, naming it.</summary>
    internal virtual void Validate()
    {
        CreateTrainingOptions(seed: 0, progress: null).Validate();
        _ = CreateOptimizer();
        foreach (var (value, name) in new[] { (WeightDecay, nameof(WeightDecay)), (L1Regularization, nameof(L1Regularization)), (L2Regularization, nameof(L2Regularization)), (GradientClipNorm, nameof(GradientClipNorm)) })
        {
            if (!(value >= 0f) || !float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0.");
            }
        }

        if (!Enum.IsDefined(ScoringBackend))
        {
            throw new ArgumentOutOfRangeException(nameof(ScoringBackend), ScoringBackend, "Unknown scoring backend.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(GpuDeviceId ?? 0, nameof(GpuDeviceId));
    }

    /// <summary>The weight penalty for the network's weight matrices, or null.</summary>
    private protected Regularization? KernelRegularization => L1Regularization > 0f || L2Regularization > 0f ? new Regularization(L1Regularization, L2Regularization) : null;

    /// <summary>The engine's loop settings as these options describe them, with <paramref name="seed"/> and the trainer's
    /// <paramref name="progress"/> receiver.</summary>
    internal TrainingOptions CreateTrainingOptions(int seed, IProgress<TrainingProgress>? progress) => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        Shuffle = Shuffle,
        Seed = seed,
        ValidationFraction = ValidationFraction,
        EarlyStopping = EarlyStopping,
        ReduceLearningRateOnPlateau = ReduceLearningRateOnPlateau,
        CheckpointPath = CheckpointPath,
        StopOnNaN = StopOnNaN,
        NumberOfThreads = NumberOfThreads,
        Progress = progress,
        AdversarialTraining = AdversarialTraining,
    };

    /// <summary>A new optimizer as the options describe it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate or the optimizer is not valid.</exception>
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
            NeuralOptimizer.Adadelta => new Adadelta(LearningRate) { WeightDecay = decay, Schedule = schedule, GlobalClipNorm = clip },
            _ => throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimizer."),
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
