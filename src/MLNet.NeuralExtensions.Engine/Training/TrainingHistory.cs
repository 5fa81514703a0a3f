namespace MLNet.NeuralExtensions.Engine;

/// <summary>What a training run did: the metrics of each epoch and how it ended.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochMetrics> epochs, int bestEpoch, bool stoppedEarly, bool stoppedOnNaN)
    {
        Epochs = epochs;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
        StoppedOnNaN = stoppedOnNaN;
    }

    /// <summary>The metrics of each epoch that ran, in order.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; }

    /// <summary>The epoch (from 1) with the best monitored value; with restored weights, the weights are this epoch's.</summary>
    public int BestEpoch { get; }

    /// <summary>Whether early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Whether training stopped because the loss became NaN or infinite.</summary>
    public bool StoppedOnNaN { get; }
}
