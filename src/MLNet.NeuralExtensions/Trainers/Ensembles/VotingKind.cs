namespace MLNet.NeuralExtensions.Trainers;

/// <summary>How a voting ensemble of classifiers combines its members.</summary>
public enum VotingKind
{
    /// <summary>The weighted mean of the members' class probabilities (scikit-learn's <c>voting="soft"</c>).</summary>
    Soft,

    /// <summary>Each member votes with its weight for the class it predicts (binary: Score &gt; 0, ML.NET's threshold;
    /// multiclass: the highest Score); the ensemble's probabilities are the shares of the votes, and a tie goes to the
    /// first class (false; the lowest key), as scikit-learn's <c>voting="hard"</c>.</summary>
    Hard,
}
