namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Stops training when the monitored quantity stops improving, as Keras' EarlyStopping. Defaults: monitor the validation
/// loss (the training loss when there is no validation set), patience 0, minimum delta 0, restore best weights false.
/// With <see cref="RestoreBestWeights"/> the weights of the best epoch are restored at the end of training whether or not
/// training stopped early (Keras 3's behaviour).
/// </summary>
public sealed class EarlyStopping
{
    /// <summary>What is watched. Default <see cref="MonitoredMetric.ValidationLoss"/>.</summary>
    public MonitoredMetric Monitor { get; init; } = MonitoredMetric.ValidationLoss;

    /// <summary>Epochs without improvement before stopping. Default 0.</summary>
    public int Patience { get; init; }

    /// <summary>The smallest change that counts as an improvement. Default 0.</summary>
    public float MinDelta { get; init; }

    /// <summary>Whether to end with the best epoch's weights. Default false.</summary>
    public bool RestoreBestWeights { get; init; }
}

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

/// <summary>A per-epoch quantity that callbacks can watch. Losses improve downwards, accuracies upwards.</summary>
public enum MonitoredMetric
{
    /// <summary>The loss on the validation set (falls back to <see cref="Loss"/> without one).</summary>
    ValidationLoss,

    /// <summary>The mean training loss of the epoch.</summary>
    Loss,

    /// <summary>The accuracy on the validation set (classification losses only).</summary>
    ValidationAccuracy,

    /// <summary>The training accuracy of the epoch (classification losses only).</summary>
    Accuracy,
}
