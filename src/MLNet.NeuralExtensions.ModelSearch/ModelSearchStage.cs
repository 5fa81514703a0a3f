namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>The moments a search reports.</summary>
public enum ModelSearchStage
{
    /// <summary>A trial started.</summary>
    TrialStarted,

    /// <summary>A trial ended (completed, cancelled or failed).</summary>
    TrialEnded,

    /// <summary>The best pipeline is being trained on every row.</summary>
    Refitting,

    /// <summary>The search ended.</summary>
    Finished,
}
