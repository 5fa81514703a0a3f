using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of stacking, after scikit-learn's <c>StackingClassifier</c>/<c>StackingRegressor</c>: each member's
/// probabilities (the positive class's for binary, every class's for multiclass) or predictions on every row come from a
/// copy trained on the other folds (k-fold, stratified for classification); the meta-learner trains on them, and the
/// members are then trained on all the rows.
/// </summary>
public sealed class StackingOptions : EnsembleOptions
{
    /// <summary>Gets or sets the member estimators; at least one is required.</summary>
    public IReadOnlyList<IEstimator<ISingleFeaturePredictionTransformer<object>>> Members { get; set; } = [];

    /// <summary>Gets or sets the meta-learner, which must read <see cref="EnsembleOptions.FeatureColumnName"/> and
    /// <see cref="EnsembleOptions.LabelColumnName"/>. <see langword="null"/> (default) takes a linear model of the task,
    /// as scikit-learn's logistic or ridge regression: an Mlp without hidden layers, trained 100 epochs with Adam at 0.01.</summary>
    public IEstimator<ISingleFeaturePredictionTransformer<object>>? MetaLearner { get; set; }

    /// <summary>Gets or sets the number of folds, at least 2. Default 5.</summary>
    public int NumberOfFolds { get; set; } = 5;

    /// <summary>Gets or sets whether the meta-learner also reads the features. Default <see langword="false"/>.</summary>
    public bool Passthrough { get; set; }

    internal override IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> Estimators => Members ?? [];

    internal override void Validate(EnsembleTask task)
    {
        base.Validate(task);
        if (NumberOfFolds is < 2 or > 1 << 16)
        {
            throw new ArgumentException($"NumberOfFolds is {NumberOfFolds}; stacking needs 2 to 65,536 folds.");
        }
    }
}
