using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of a voting ensemble, after scikit-learn's <c>VotingClassifier</c>/<c>VotingRegressor</c>: every member is
/// trained on all the rows, and their class probabilities (soft), votes (hard) or predictions (regression) are combined by
/// a weighted mean.
/// </summary>
public sealed class VotingOptions : EnsembleOptions
{
    /// <summary>Gets or sets the member estimators; at least one is required.</summary>
    public IReadOnlyList<IEstimator<ISingleFeaturePredictionTransformer<object>>> Members { get; set; } = [];

    /// <summary>Gets or sets one weight per member, finite and ≥ 0 with a positive sum, scaled to sum to 1;
    /// <see langword="null"/> (default) weighs them equally.</summary>
    public float[]? Weights { get; set; }

    /// <summary>Gets or sets how classifiers combine. Default <see cref="VotingKind.Soft"/> (scikit-learn's default is
    /// hard); regression averages the predictions and takes only the default.</summary>
    public VotingKind Voting { get; set; } = VotingKind.Soft;

    internal override string MethodName => "Voting";

    internal override IEnumerable<(IEstimator<ISingleFeaturePredictionTransformer<object>> Estimator, string Role)> Estimators =>
        (Members ?? []).Select((e, m) => (e, $"member {m}"));

    internal override void Validate(EnsembleTask task)
    {
        base.Validate(task);
        if (!Enum.IsDefined(Voting) || (Voting == VotingKind.Hard && !task.IsClassification))
        {
            throw new ArgumentException($"Voting is {Voting}, which does not apply to {task.Name}; a regression ensemble averages the members' predictions (VotingKind.Soft).");
        }

        if (Weights is not null && (Weights.Length != Members.Count || Weights.Any(w => !(w >= 0) || !float.IsFinite(w)) || !(Weights.Sum() > 0)))
        {
            throw new ArgumentException($"Weights is [{string.Join(", ", Weights)}]; voting needs one finite weight ≥ 0 per member ({Members.Count}), with a positive sum.");
        }
    }

    /// <summary>The weights scaled to sum to 1.</summary>
    internal float[] NormalizedWeights()
    {
        float[] weights = Weights ?? [.. Members.Select(_ => 1f)];
        float sum = weights.Sum();
        return [.. weights.Select(w => w / sum)];
    }
}
