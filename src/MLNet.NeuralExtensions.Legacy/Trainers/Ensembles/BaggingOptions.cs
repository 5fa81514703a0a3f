using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of bagging, after scikit-learn's <c>BaggingClassifier</c>/<c>BaggingRegressor</c>: <see cref="NumberOfMembers"/>
/// copies of <see cref="Estimator"/>, each trained on its own sample of the rows (and, optionally, of the features) with
/// its own seed, their probabilities (or predictions) averaged. The out-of-bag score is measured whenever some member
/// leaves rows out.
/// </summary>
public sealed class BaggingOptions : EnsembleOptions
{
    /// <summary>Gets or sets the estimator every member is trained with; required. A neural trainer gets a new seed per
    /// member, drawn from <see cref="EnsembleOptions.Seed"/>.</summary>
    public IEstimator<ISingleFeaturePredictionTransformer<object>>? Estimator { get; set; }

    /// <summary>Gets or sets the number of members. Default 10.</summary>
    public int NumberOfMembers { get; set; } = 10;

    /// <summary>Gets or sets the share of the rows each member trains on, in (0, 1]. Default 1.</summary>
    public double RowSamplingFraction { get; set; } = 1;

    /// <summary>Gets or sets whether rows are drawn with replacement (a bootstrap sample). Default <see langword="true"/>.</summary>
    public bool Bootstrap { get; set; } = true;

    /// <summary>Gets or sets the share of the features each member reads, in (0, 1]. Default 1.</summary>
    public double FeatureSamplingFraction { get; set; } = 1;

    /// <summary>Gets or sets whether features are drawn with replacement. Default <see langword="false"/>.</summary>
    public bool BootstrapFeatures { get; set; }

    internal override IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> Estimators => Estimator is null ? [] : [Estimator];

    internal override void Validate(EnsembleTask task)
    {
        base.Validate(task);
        if (NumberOfMembers is < 1 or > 1 << 16)
        {
            throw new ArgumentException($"NumberOfMembers is {NumberOfMembers}; bagging needs 1 to 65,536 members.");
        }

        if (!(RowSamplingFraction > 0 && RowSamplingFraction <= 1) || !(FeatureSamplingFraction > 0 && FeatureSamplingFraction <= 1))
        {
            throw new ArgumentException($"RowSamplingFraction ({RowSamplingFraction}) and FeatureSamplingFraction ({FeatureSamplingFraction}) must be in (0, 1].");
        }
    }
}
