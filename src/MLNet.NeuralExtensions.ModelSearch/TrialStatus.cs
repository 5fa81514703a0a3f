namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>How a trial ended.</summary>
public enum TrialStatus
{
    /// <summary>It trained and was scored on every fold.</summary>
    Completed,

    /// <summary>It was stopped: the budget ran out or the search was cancelled.</summary>
    Cancelled,

    /// <summary>Its trainer threw; <see cref="ModelSearchTrial.Error"/> says what.</summary>
    Failed,
}
