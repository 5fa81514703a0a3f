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
