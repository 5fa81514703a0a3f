namespace MLNet.NeuralExtensions.Engine;

/// <summary>The metrics of one finished epoch.</summary>
/// <param name="Epoch">The epoch, counting from 1.</param>
/// <param name="Loss">Mean training loss (regularization penalties included).</param>
/// <param name="Accuracy">Training accuracy; NaN for non-classification losses.</param>
/// <param name="ValidationLoss">Validation loss; NaN without validation.</param>
/// <param name="ValidationAccuracy">Validation accuracy; NaN without validation or for non-classification losses.</param>
/// <param name="LearningRate">The learning rate at the epoch's last update.</param>
/// <param name="Elapsed">Time the epoch took.</param>
public readonly record struct EpochMetrics(int Epoch, double Loss, double Accuracy, double ValidationLoss, double ValidationAccuracy, float LearningRate, TimeSpan Elapsed);
