namespace MLNet.NeuralExtensions.Engine;

/// <summary>Lowers the learning rate by <see cref="Factor"/> when the monitored quantity stops improving, as Keras'
/// ReduceLROnPlateau. Defaults: validation loss, factor 0.1, patience 10, min delta 1e-4, cooldown 0, min rate 0.</summary>
public sealed class ReduceLearningRateOnPlateau
{
    /// <summary>What is watched. Default <see cref="MonitoredMetric.ValidationLoss"/>.</summary>
    public MonitoredMetric Monitor { get; init; } = MonitoredMetric.ValidationLoss;

    /// <summary>The factor applied to the rate, in (0, 1). Default 0.1.</summary>
    public float Factor { get; init; } = 0.1f;

    /// <summary>Epochs without improvement before lowering. Default 10.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>The smallest change that counts as an improvement. Default 1e-4.</summary>
    public float MinDelta { get; init; } = 1e-4f;

    /// <summary>Epochs to wait after a reduction before watching again. Default 0.</summary>
    public int Cooldown { get; init; }

    /// <summary>The rate is not lowered below this. Default 0.</summary>
    public float MinLearningRate { get; init; }
}
