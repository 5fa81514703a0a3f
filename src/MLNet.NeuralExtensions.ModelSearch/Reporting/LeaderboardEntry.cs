namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>One trial as the report lists it.</summary>
/// <param name="Number">The trial's number.</param>
/// <param name="Family">The trainer family.</param>
/// <param name="Settings">The settings drawn, with the treatment of rare classes.</param>
/// <param name="RowFraction">The share of each fold's training rows it trained on.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Metrics">The fold-averaged metrics, empty unless it completed.</param>
/// <param name="Seconds">Its time.</param>
/// <param name="Error">The trainer's error for a failed trial, else null.</param>
public sealed record LeaderboardEntry(int Number, TrainerFamily Family, string Settings, double RowFraction, TrialStatus Status,
    IReadOnlyDictionary<string, double> Metrics, double Seconds, string? Error)
{
    /// <summary>The entry of <paramref name="trial"/>.</summary>
    /// <param name="trial">A trial.</param>
    /// <returns>The entry.</returns>
    public static LeaderboardEntry From(ModelSearchTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return new(trial.Number, trial.Family, trial.Settings, trial.RowFraction, trial.Status, trial.Metrics, trial.Duration.TotalSeconds, trial.Error);
    }
}
