namespace MLNet.NeuralExtensions;

/// <summary>
/// The entry point of the library: the catalogs of data operations, transforms, trainers, evaluation and model
/// persistence, and the seed behind every random operation.
/// </summary>
/// <remarks>
/// With a seed, every operation that draws random numbers without its own seed (splits, shuffles, trainers)
/// takes the next seed from one generator, so a program run twice gives the same results. A context is not
/// meant to be shared between threads while such operations are created.
/// </remarks>
public sealed class MLContext
{
    private readonly Random _seeds;
    private readonly object _lock = new();

    /// <summary>Creates a context.</summary>
    /// <param name="seed">The master seed; <see langword="null"/> (the default) draws one from the clock, so results vary from run to run.</param>
    public MLContext(int? seed = null)
    {
        _seeds = seed is { } s ? new Random(s) : new Random();
        Data = new DataOperationsCatalog(this);
        Transforms = new TransformsCatalog(this);
        Model = new ModelOperationsCatalog(this);
        BinaryClassification = new BinaryClassificationCatalog(this);
        MulticlassClassification = new MulticlassClassificationCatalog(this);
        Regression = new RegressionCatalog(this);
        Clustering = new ClusteringCatalog(this);
        AnomalyDetection = new AnomalyDetectionCatalog(this);
        Forecasting = new ForecastingCatalog(this);
    }

    /// <summary>Raised for messages from components (warnings such as a fallback to CPU).</summary>
    public event EventHandler<LoggingEventArgs>? Log;

    /// <summary>Gets loading, saving, splitting and filtering of data.</summary>
    public DataOperationsCatalog Data { get; }

    /// <summary>Gets the data transforms.</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Gets model saving, loading and prediction engines.</summary>
    public ModelOperationsCatalog Model { get; }

    /// <summary>Gets binary classification trainers and evaluation.</summary>
    public BinaryClassificationCatalog BinaryClassification { get; }

    /// <summary>Gets multiclass classification trainers and evaluation.</summary>
    public MulticlassClassificationCatalog MulticlassClassification { get; }

    /// <summary>Gets regression trainers and evaluation.</summary>
    public RegressionCatalog Regression { get; }

    /// <summary>Gets clustering trainers and evaluation.</summary>
    public ClusteringCatalog Clustering { get; }

    /// <summary>Gets anomaly detection trainers and evaluation.</summary>
    public AnomalyDetectionCatalog AnomalyDetection { get; }

    /// <summary>Gets forecasting trainers.</summary>
    public ForecastingCatalog Forecasting { get; }

    /// <summary>Gets or sets the GPU used by components that can run on one; <see langword="null"/> (the default) means CPU.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Gets or sets whether a component asked to use a GPU falls back to the CPU, with a logged warning, when none is usable. Defaults to false (it throws).</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>Draws the next seed from the master generator.</summary>
    internal int NextSeed()
    {
        lock (_lock)
        {
            return _seeds.Next();
        }
    }

    /// <summary>How a component's trained network scores through ONNX Runtime: on <paramref name="gpuDeviceId"/> (else the
    /// context's device) with fallback when either asks for it, its warnings logged under <paramref name="source"/>.</summary>
    internal Onnx.OnnxScorerOptions ScorerOptions(string source, int? gpuDeviceId = null, bool fallbackToCpu = false) => new()
    {
        GpuDeviceId = gpuDeviceId ?? GpuDeviceId,
        FallbackToCpu = fallbackToCpu || FallbackToCpu,
        Log = message => WriteLog(source, message, LoggingEventArgs.MessageKind.Warning),
    };

    /// <summary>Raises <see cref="Log"/>.</summary>
    internal void WriteLog(string source, string message, LoggingEventArgs.MessageKind kind = LoggingEventArgs.MessageKind.Info) =>
        Log?.Invoke(this, new LoggingEventArgs(source, message, kind));
}
