namespace MLNet.NeuralExtensions.Engine;

/// <summary>A progress report from training, sent after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">The epoch, counting from 1.</param>
/// <param name="Epochs">The number of epochs asked for.</param>
/// <param name="Batch">The batch within the epoch, counting from 1.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The mean training loss of the epoch so far.</param>
/// <param name="ValidationLoss">The validation loss of the epoch; NaN until the epoch ends or without validation.</param>
/// <param name="LearningRate">The learning rate of the last update.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">Estimated time until the last epoch ends, from the pace so far.</param>
/// <param name="IsEpochEnd">Whether this report closes an epoch (its metrics are then final).</param>
public readonly record struct TrainingProgress(
    int Epoch, int Epochs, int Batch, int Batches, double Loss, double ValidationLoss, float LearningRate,
    TimeSpan Elapsed, TimeSpan Remaining, bool IsEpochEnd);

/// <summary>The metrics of one finished epoch.</summary>
/// <param name="Epoch">The epoch, counting from 1.</param>
/// <param name="Loss">Mean training loss (regularization penalties included).</param>
/// <param name="Accuracy">Training accuracy; NaN for non-classification losses.</param>
/// <param name="ValidationLoss">Validation loss; NaN without validation.</param>
/// <param name="ValidationAccuracy">Validation accuracy; NaN without validation or for non-classification losses.</param>
/// <param name="LearningRate">The learning rate at the epoch's last update.</param>
/// <param name="Elapsed">Time the epoch took.</param>
public readonly record struct EpochMetrics(int Epoch, double Loss, double Accuracy, double ValidationLoss, double ValidationAccuracy, float LearningRate, TimeSpan Elapsed);

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
