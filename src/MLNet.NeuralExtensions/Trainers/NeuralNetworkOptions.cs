using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// What every neural trainer shares: the columns, the training loop (Keras' fit() features) and how the trained
/// network scores. The architecture is the derived options' (<see cref="MlpOptions"/>).
/// </summary>
public abstract class NeuralNetworkOptions
{
    private protected NeuralNetworkOptions()
    {
    }

    /// <summary>Gets or sets the label column. Default "Label": Boolean for binary classification, a key for multiclass,
    /// Single or Double for regression.</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>Gets or sets the feature column, a known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>Gets or sets a Single column of per-row weights, or null (default) for equal weights.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>Gets or sets the passes over the training data. Default 100 for an MLP, 20 for a CNN or LSTM.</summary>
    public int Epochs { get; set; } = 100;

    /// <summary>Gets or sets the rows per update. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets the update rule. Default <see cref="NeuralOptimizer.Adam"/>.</summary>
    public NeuralOptimizer Optimizer { get; set; } = NeuralOptimizer.Adam;

    /// <summary>Gets or sets the learning rate. Default 0.001.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>Gets or sets a learning-rate schedule over update steps that replaces <see cref="LearningRate"/>, or null (default).</summary>
    public LearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>Gets or sets decoupled weight decay (w −= lr · decay · w each step). Default 0; AdamW uses 0.004 when it is 0.</summary>
    public float WeightDecay { get; set; }

    /// <summary>Gets or sets the L1 penalty on every weight matrix (Keras' convention). Default 0.</summary>
    public float L1Regularization { get; set; }

    /// <summary>Gets or sets the L2 penalty on every weight matrix (Keras' convention: L2 · Σw²). Default 0.</summary>
    public float L2Regularization { get; set; }

    /// <summary>Gets or sets the bound on the global gradient norm, or 0 (default) for no clipping.</summary>
    public float GradientClipNorm { get; set; }

    /// <summary>Gets or sets the loss, or null (default) for the task's: binary cross-entropy from logits, sparse
    /// categorical cross-entropy from logits, mean squared error. A classification loss must take logits
    /// (<c>fromLogits: true</c>), since the network's last layer is linear; focal losses are allowed.</summary>
    public Loss? Loss { get; set; }

    /// <summary>Gets or sets the fraction of training rows held out to validate after every epoch (stratified for
    /// classification). Default 0: none.</summary>
    public float ValidationFraction { get; set; }

    /// <summary>Gets or sets early stopping (it monitors the validation loss by default, so set
    /// <see cref="ValidationFraction"/>), or null (default) to run every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Gets or sets one weight per class for classification (index 0 = false, 1 = true for binary; key − 1 for
    /// multiclass), multiplied into the row weights; <see cref="Transforms.ClassWeights.Balanced"/> computes balanced
    /// ones. Null (default) for none.</summary>
    public float[]? ClassWeights { get; set; }

    /// <summary>Gets or sets the seed of initialization, shuffling, validation split and dropout, or null (default) for
    /// one drawn from the MLContext's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Gets or sets the threads training may use, or null (default) for all processors.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Gets or sets a receiver of reports after every batch and epoch, or null (default).</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Gets or sets what scores the trained network. Default <see cref="ScoringBackend.Auto"/>: ONNX Runtime when
    /// its native library loads, else the managed engine.</summary>
    public ScoringBackend ScoringBackend { get; set; } = ScoringBackend.Auto;

    /// <summary>Gets or sets the CUDA device ONNX Runtime scores on, or null (default) for the CPU.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Gets or sets whether to score on the CPU, with a logged warning, when the CUDA device cannot be used.
    /// Default false: an exception.</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>Gets or sets a trained model to start from (transfer learning), or null (default) to build the network the
    /// options describe. Its network's layers and weights are copied (the model itself is not changed) and its output
    /// layer is replaced by a new one sized for this task, unless <see cref="KeepOutputLayer"/>; the architecture options
    /// are then not used. <see cref="NeuralNetworkModelParameters.From"/> finds the model in a loaded pipeline.</summary>
    public NeuralNetworkModelParameters? InitialModel { get; set; }

    /// <summary>Gets or sets how many leading layers of <see cref="InitialModel"/>'s network keep their weights while the
    /// rest train (count every layer, activations and pooling included, as <see cref="Sequential.Summary"/> lists them).
    /// Default 0: all train. Batch normalization in a frozen layer still updates its moving statistics.</summary>
    public int FrozenLayerCount { get; set; }

    /// <summary>Gets or sets whether <see cref="InitialModel"/>'s output layer is kept, with its weights, to fine-tune on
    /// the same task and classes. Default false: a new output layer.</summary>
    public bool KeepOutputLayer { get; set; }

    /// <summary>Creates the network for <paramref name="inputSize"/> feature values and <paramref name="outputs"/>
    /// linear outputs.</summary>
    internal abstract Sequential CreateNetwork(int inputSize, int outputs);

    /// <summary>The network to train: a copy of <see cref="InitialModel"/>'s, prepared for transfer, or a new one.</summary>
    /// <exception cref="ArgumentException">The initial network does not fit the features or the task's outputs.</exception>
    internal Sequential CreateTrainingNetwork(int inputSize, int outputs)
    {
        if (InitialModel is null)
        {
            return CreateNetwork(inputSize, outputs);
        }

        Sequential start = InitialModel.Network.Clone();
        TensorShape shape = InputShape(inputSize);
        if (start.InputShape != shape)
        {
            throw new ArgumentException($"The InitialModel's network takes inputs of shape {start.InputShape}; feature column '{FeatureColumnName}' gives {shape}.");
        }

        List<Layer> layers = [.. start.Layers];
        if (KeepOutputLayer)
        {
            if (start.OutputShape.Size != outputs)
            {
                throw new ArgumentException($"The InitialModel's network has {start.OutputShape.Size} outputs and this task needs {outputs}; set KeepOutputLayer to false for a new output layer.");
            }
        }
        else
        {
            if (layers[^1] is not Dense)
            {
                throw new ArgumentException($"The InitialModel's network ends in {layers[^1]}, not a Dense output layer that can be replaced.");
            }

            layers[^1] = new Dense(outputs, kernelRegularization: KernelRegularization);
        }

        if (FrozenLayerCount >= layers.Count)
        {
            throw new ArgumentException($"FrozenLayerCount is {FrozenLayerCount}, but the network has {layers.Count} layers and at least the last must train.");
        }

        for (int i = 0; i < layers.Count; i++)
        {
            layers[i].IsTrainable = i >= FrozenLayerCount;
        }

        return new Sequential(layers);
    }

    /// <summary>The shape one row's features take in the network.</summary>
    internal virtual TensorShape InputShape(int inputSize) => new(inputSize);

    /// <summary>Throws on a setting out of range, naming it.</summary>
    internal virtual void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(LabelColumnName, nameof(LabelColumnName));
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
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

        ArgumentOutOfRangeException.ThrowIfNegative(FrozenLayerCount, nameof(FrozenLayerCount));
        if (InitialModel is null && (FrozenLayerCount > 0 || KeepOutputLayer))
        {
            throw new ArgumentException("FrozenLayerCount and KeepOutputLayer apply to an InitialModel's network; set InitialModel.", nameof(InitialModel));
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
}
