using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of stacking, after scikit-learn's <c>StackingClassifier</c>/<c>StackingRegressor</c> (<c>cv=5</c>,
/// <c>stack_method="auto"</c>): each member's output on every row comes from a copy trained on the other folds
/// (scikit-learn's <c>StratifiedKFold</c> for classification, <c>KFold</c> for regression, the rows in their order unless
/// <see cref="ShuffleFolds"/>); the meta-learner trains on those out-of-fold outputs (and the features, with
/// <see cref="Passthrough"/>), and the members are then trained on all the rows. A member's output is its probability of
/// the positive class when it gives one, otherwise its Score (binary); its Score vector, the class probabilities for
/// ML.NET's and our classifiers (multiclass); its prediction (regression).
/// </summary>
public sealed class StackingOptions : EnsembleOptions
{
    /// <summary>Gets or sets the member estimators; at least one is required.</summary>
    public IReadOnlyList<IEstimator<ISingleFeaturePredictionTransformer<object>>> Members { get; set; } = [];

    /// <summary>Gets or sets the meta-learner, any trainer of the task reading <see cref="EnsembleOptions.FeatureColumnName"/>
    /// (which holds the members' outputs when it trains) and <see cref="EnsembleOptions.LabelColumnName"/>. A binary
    /// meta-learner without a probability is calibrated as a member is (Platt). <see langword="null"/> (default): ML.NET's
    /// L-BFGS logistic regression (binary) or maximum entropy (multiclass) with scikit-learn's <c>LogisticRegression</c>
    /// defaults (L2 1, no L1), or ML.NET's SDCA regression (regression; scikit-learn uses ridge regression, which ML.NET
    /// has only in its MKL package), all on one thread so that they are deterministic.</summary>
    public IEstimator<ISingleFeaturePredictionTransformer<object>>? MetaLearner { get; set; }

    /// <summary>Gets or sets the number of folds, 2 to 65,536; for classification at most the row count of the smallest
    /// class. Default 5.</summary>
    public int NumberOfFolds { get; set; } = 5;

    /// <summary>Gets or sets whether the meta-learner also reads the features, after the members' outputs. Default
    /// <see langword="false"/>.</summary>
    public bool Passthrough { get; set; }

    /// <summary>Gets or sets whether the folds are dealt in an order shuffled by <see cref="EnsembleOptions.Seed"/>
    /// (scikit-learn's <c>shuffle=True</c>; within each class for classification). Default <see langword="false"/>:
    /// scikit-learn's folds, which follow the rows' order — shuffle when the rows are sorted by the label or by time.</summary>
    public bool ShuffleFolds { get; set; }

    internal override string MethodName => "Stacking";

    internal override IEnumerable<(IEstimator<ISingleFeaturePredictionTransformer<object>> Estimator, string Role)> Estimators =>
        (Members ?? []).Select((e, m) => (e, $"member {m}"));

    internal override void Validate(EnsembleTask task)
    {
        base.Validate(task);
        if (NumberOfFolds is < 2 or > 1 << 16)
        {
            throw new ArgumentException($"NumberOfFolds is {NumberOfFolds}; stacking needs 2 to 65,536 folds.");
        }
    }
}
