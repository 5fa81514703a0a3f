namespace MLNet.NeuralExtensions.Trainers;

/// <summary>How a voting ensemble of classifiers combines its members.</summary>
public enum VotingKind
{
    /// <summary>The weighted mean of the members' class probabilities; the ensemble's probabilities are that mean.</summary>
    Soft,

    /// <summary>Each member votes for its predicted class with its weight; the ensemble's probabilities are the shares
    /// of the votes, and ties go to the first class.</summary>
    Hard,
}
