using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>
/// The ensemble trainers, as extension methods of the binary, multiclass and regression catalogs' <c>Trainers</c>:
/// bagging, voting and stacking over member estimators of the same task that read the same feature column (any mix of
/// the Mlp, Cnn and Lstm trainers, and ensembles). See <see cref="EnsembleTrainer{TTransformer}"/>.
/// </summary>
public static class EnsembleCatalog
{
    /// <summary>Bagging for binary classification; see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="estimator">The estimator each member is trained with (a neural trainer gets a new seed per member).</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<BinaryPredictionTransformer<EnsembleModelParameters>> Bagging(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, IEstimator<ISingleFeaturePredictionTransformer<object>> estimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { Estimator = estimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The estimator, the sampling and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<BinaryPredictionTransformer<EnsembleModelParameters>> Bagging(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BaggingOptions options) => Create<BinaryPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Binary, options);

    /// <summary>A voting ensemble for binary classification; see <see cref="VotingOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="weights">One weight per member; null (default) for equal weights.</param>
    /// <param name="voting">Soft (default): the mean of the probabilities; hard: the share of the votes.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<BinaryPredictionTransformer<EnsembleModelParameters>> Voting(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, float[]? weights = null, VotingKind voting = VotingKind.Soft,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Voting(catalog, new VotingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], Weights = weights, Voting = voting, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A voting ensemble for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The members, their weights and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<BinaryPredictionTransformer<EnsembleModelParameters>> Voting(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, VotingOptions options) => Create<BinaryPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Binary, options);

    /// <summary>Stacking for binary classification; see <see cref="StackingOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="metaLearner">The meta-learner, reading the feature column; null (default) for a linear model.</param>
    /// <param name="numberOfFolds">The folds of the out-of-fold predictions. Default 5.</param>
    /// <param name="passthrough">Whether the meta-learner also reads the features. Default false.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<BinaryPredictionTransformer<EnsembleModelParameters>> Stacking(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null, int numberOfFolds = 5,
        bool passthrough = false, string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Stacking(catalog, new StackingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], MetaLearner = metaLearner, NumberOfFolds = numberOfFolds, Passthrough = passthrough, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Stacking for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The members, the meta-learner, the folds and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<BinaryPredictionTransformer<EnsembleModelParameters>> Stacking(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, StackingOptions options) => Create<BinaryPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Binary, options);

    /// <summary>Bagging for multiclass classification; see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="estimator">The estimator each member is trained with (a neural trainer gets a new seed per member).</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<MulticlassPredictionTransformer<EnsembleModelParameters>> Bagging(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, IEstimator<ISingleFeaturePredictionTransformer<object>> estimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { Estimator = estimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The estimator, the sampling and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<MulticlassPredictionTransformer<EnsembleModelParameters>> Bagging(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, BaggingOptions options) => Create<MulticlassPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Multiclass, options);

    /// <summary>A voting ensemble for multiclass classification; see <see cref="VotingOptions"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="weights">One weight per member; null (default) for equal weights.</param>
    /// <param name="voting">Soft (default): the mean of the probabilities; hard: the share of the votes.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<MulticlassPredictionTransformer<EnsembleModelParameters>> Voting(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, float[]? weights = null, VotingKind voting = VotingKind.Soft,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Voting(catalog, new VotingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], Weights = weights, Voting = voting, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A voting ensemble for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The members, their weights and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<MulticlassPredictionTransformer<EnsembleModelParameters>> Voting(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, VotingOptions options) => Create<MulticlassPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Multiclass, options);

    /// <summary>Stacking for multiclass classification; see <see cref="StackingOptions"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="metaLearner">The meta-learner, reading the feature column; null (default) for a linear model.</param>
    /// <param name="numberOfFolds">The folds of the out-of-fold predictions. Default 5.</param>
    /// <param name="passthrough">Whether the meta-learner also reads the features. Default false.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<MulticlassPredictionTransformer<EnsembleModelParameters>> Stacking(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null, int numberOfFolds = 5,
        bool passthrough = false, string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Stacking(catalog, new StackingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], MetaLearner = metaLearner, NumberOfFolds = numberOfFolds, Passthrough = passthrough, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Stacking for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The members, the meta-learner, the folds and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<MulticlassPredictionTransformer<EnsembleModelParameters>> Stacking(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, StackingOptions options) => Create<MulticlassPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Multiclass, options);

    /// <summary>Bagging for regression; see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="estimator">The estimator each member is trained with (a neural trainer gets a new seed per member).</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<RegressionPredictionTransformer<EnsembleModelParameters>> Bagging(this RegressionCatalog.RegressionTrainers catalog, IEstimator<ISingleFeaturePredictionTransformer<object>> estimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { Estimator = estimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The estimator, the sampling and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<RegressionPredictionTransformer<EnsembleModelParameters>> Bagging(this RegressionCatalog.RegressionTrainers catalog, BaggingOptions options) => Create<RegressionPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Regression, options);

    /// <summary>A voting ensemble for regression; see <see cref="VotingOptions"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="weights">One weight per member; null (default) for equal weights.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<RegressionPredictionTransformer<EnsembleModelParameters>> Voting(this RegressionCatalog.RegressionTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, float[]? weights = null,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Voting(catalog, new VotingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], Weights = weights, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A voting ensemble for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The members, their weights and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<RegressionPredictionTransformer<EnsembleModelParameters>> Voting(this RegressionCatalog.RegressionTrainers catalog, VotingOptions options) => Create<RegressionPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Regression, options);

    /// <summary>Stacking for regression; see <see cref="StackingOptions"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="metaLearner">The meta-learner, reading the feature column; null (default) for a linear model.</param>
    /// <param name="numberOfFolds">The folds of the out-of-fold predictions. Default 5.</param>
    /// <param name="passthrough">Whether the meta-learner also reads the features. Default false.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<RegressionPredictionTransformer<EnsembleModelParameters>> Stacking(this RegressionCatalog.RegressionTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null, int numberOfFolds = 5,
        bool passthrough = false, string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Stacking(catalog, new StackingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], MetaLearner = metaLearner, NumberOfFolds = numberOfFolds, Passthrough = passthrough, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Stacking for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The members, the meta-learner, the folds and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleTrainer<RegressionPredictionTransformer<EnsembleModelParameters>> Stacking(this RegressionCatalog.RegressionTrainers catalog, StackingOptions options) => Create<RegressionPredictionTransformer<EnsembleModelParameters>>((catalog ?? throw new ArgumentNullException(nameof(catalog))).Owner.Context, EnsembleTask.Regression, options);

    private static EnsembleTrainer<TTransformer> Create<TTransformer>(MLContext context, EnsembleTask task, EnsembleOptions options)
        where TTransformer : class, ITransformer => new(context, task, options);
}
