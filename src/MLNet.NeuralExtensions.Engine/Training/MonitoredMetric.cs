namespace MLNet.NeuralExtensions.Engine;

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
