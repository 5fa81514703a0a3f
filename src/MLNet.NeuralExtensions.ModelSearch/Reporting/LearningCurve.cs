using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>The training history of a network trial, epoch by epoch.</summary>
/// <param name="TrialNumber">The trial whose last fold's network trained so.</param>
/// <param name="Family">Its family (<see cref="TrainerFamily.Mlp"/> or <see cref="TrainerFamily.Autoencoder"/>).</param>
/// <param name="Epochs">The epochs that ran, from 1.</param>
/// <param name="Loss">The mean training loss of each epoch.</param>
/// <param name="ValidationLoss">The validation loss of each epoch, or null where the network held out no rows to
/// validate on (or the loss was not finite).</param>
/// <param name="BestEpoch">The epoch with the best monitored value, whose weights early stopping restores.</param>
/// <param name="StoppedEarly">Whether early stopping ended training before its last epoch.</param>
public sealed record LearningCurve(int TrialNumber, TrainerFamily Family, IReadOnlyList<int> Epochs, IReadOnlyList<double> Loss,
    IReadOnlyList<double?> ValidationLoss, int BestEpoch, bool StoppedEarly)
{
    /// <summary>The curve of <paramref name="history"/>.</summary>
    /// <param name="trial">The network trial.</param>
    /// <param name="history">Its network's history (<c>NeuralNetworkModelParameters.History</c>).</param>
    /// <returns>The curve.</returns>
    public static LearningCurve From(ModelSearchTrial trial, TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(history);
        return new LearningCurve(trial.Number, trial.Family, [.. history.Epochs.Select(e => e.Epoch)], [.. history.Epochs.Select(e => e.Loss)],
            [.. history.Epochs.Select(e => double.IsFinite(e.ValidationLoss) ? e.ValidationLoss : (double?)null)], history.BestEpoch, history.StoppedEarly);
    }
}
