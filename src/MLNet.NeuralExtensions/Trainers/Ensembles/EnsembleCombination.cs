namespace MLNet.NeuralExtensions.Trainers;

/// <summary>How an <see cref="EnsembleModelParameters"/> turns its members' outputs into its own.</summary>
public enum EnsembleCombination
{
    /// <summary>The weighted mean of the members' class probabilities (classification) or predictions (regression): soft
    /// voting and bagging.</summary>
    Average,

    /// <summary>The weighted share of the members' votes for each class: hard voting.</summary>
    MajorityVote,

    /// <summary>A meta-model scores the members' probabilities or scores (and, with passthrough, the features): stacking.</summary>
    Stacking,
}
