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
