using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of bagging, after scikit-learn's <c>BaggingClassifier</c>/<c>BaggingRegressor</c>: <see cref="NumberOfMembers"/>
/// members of one estimator, each trained on its own sample of the rows (and, optionally, of the features), their
/// probabilities (or predictions) averaged. The out-of-bag score is measured whenever some member leaves rows out.
/// </summary>
/// <remarks>Each member gets a seed drawn from <see cref="EnsembleOptions.Seed"/>. Our neural trainers
/// (Mlp, Cnn, Lstm) take it as their <c>Seed</c>; <see cref="CreateEstimator"/> hands it to any trainer. ML.NET's
/// trainers otherwise keep the randomness they were made with (LightGbm draws its seed from the MLContext when it is
/// made, FastTree's <c>Seed</c> option defaults to 123), so <see cref="Estimator"/>'s members differ by their rows and
/// features only.</remarks>
public sealed class BaggingOptions : EnsembleOptions
{
    /// <summary>Gets or sets the estimator every member is trained with; this or <see cref="CreateEstimator"/> is required.</summary>
    public IEstimator<ISingleFeaturePredictionTransformer<object>>? Estimator { get; set; }

    /// <summary>Gets or sets a function making each member's estimator from the member's seed (for example
    /// <c>seed =&gt; trainers.LightGbm(new LightGbmBinaryTrainer.Options { Seed = seed, Booster = new GradientBooster.Options { FeatureFraction = 0.8 } })</c>);
    /// this or <see cref="Estimator"/> is required.</summary>
    public Func<int, IEstimator<ISingleFeaturePredictionTransformer<object>>>? CreateEstimator { get; set; }

    /// <summary>Gets or sets the number of members, 1 to 65,536. Default 10.</summary>
    public int NumberOfMembers { get; set; } = 10;

    /// <summary>Gets or sets the share of the rows each member trains on, in (0, 1]: int(share × rows) rows, at least one.
    /// Default 1.</summary>
    public double RowSamplingFraction { get; set; } = 1;

    /// <summary>Gets or sets whether rows are drawn with replacement (a bootstrap sample). Default <see langword="true"/>.</summary>
    public bool Bootstrap { get; set; } = true;

    /// <summary>Gets or sets the share of the features each member reads, in (0, 1]: int(share × features), at least one.
    /// Default 1. A member reading a sample of the features scores through the ensemble only, which gives it its slots
    /// (<see cref="EnsembleModelParameters.GetFeatureIndices"/>).</summary>
    public double FeatureSamplingFraction { get; set; } = 1;

    /// <summary>Gets or sets whether features are drawn with replacement. Default <see langword="false"/>.</summary>
    public bool BootstrapFeatures { get; set; }

    internal override string MethodName => "Bagging";

    internal override IEnumerable<(IEstimator<ISingleFeaturePredictionTransformer<object>> Estimator, string Role)> Estimators =>
        Estimator is null ? [] : [(Estimator, "the estimator")];

    internal override void Validate(EnsembleTask task)
    {
        if ((Estimator is null) == (CreateEstimator is null))
        {
            throw new ArgumentException($"Bagging takes Estimator or CreateEstimator; got {(Estimator is null ? "neither" : "both")}.");
        }

        if (CreateEstimator is null)
        {
            base.Validate(task);
        }
        else
        {
            ArgumentException.ThrowIfNullOrEmpty(LabelColumnName, nameof(LabelColumnName));
            ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
        }

        if (NumberOfMembers is < 1 or > 1 << 16)
        {
            throw new ArgumentException($"NumberOfMembers is {NumberOfMembers}; bagging needs 1 to 65,536 members.");
        }

        if (!(RowSamplingFraction > 0 && RowSamplingFraction <= 1))
        {
            throw new ArgumentException($"RowSamplingFraction is {RowSamplingFraction}; it must be in (0, 1].");
        }

        if (!(FeatureSamplingFraction > 0 && FeatureSamplingFraction <= 1))
        {
            throw new ArgumentException($"FeatureSamplingFraction is {FeatureSamplingFraction}; it must be in (0, 1].");
        }
    }

    /// <summary>Member <paramref name="member"/>'s estimator for <paramref name="seed"/>, checked as the others are.</summary>
    internal IEstimator<ISingleFeaturePredictionTransformer<object>> MemberEstimator(int member, int seed, EnsembleTask task, IHostEnvironment env)
    {
        if (CreateEstimator is null)
        {
            return MemberSeeding.WithSeed(Estimator!, seed, env);
        }

        var estimator = CreateEstimator(seed) ?? throw new ArgumentException($"Bagging: CreateEstimator returned null for member {member} (seed {seed}).");
        EstimatorInspection.Check(estimator, $"member {member}", task, FeatureColumnName, LabelColumnName);
        return estimator;
    }
}
