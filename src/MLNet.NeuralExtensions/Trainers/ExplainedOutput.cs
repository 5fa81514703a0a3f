namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Which output of a prediction transformer an explanation (input gradients, attributions, Shapley values)
/// is of.</summary>
public enum ExplainedOutput
{
    /// <summary>The Score column: a binary classifier's logit, a regressor's prediction, or a multiclass classifier's
    /// score of the chosen class (for this package's networks, its probability).</summary>
    Score,

    /// <summary>The Probability column of a binary classifier (for a multiclass network, the same as
    /// <see cref="Score"/>); a regressor has none.</summary>
    Probability,
}
