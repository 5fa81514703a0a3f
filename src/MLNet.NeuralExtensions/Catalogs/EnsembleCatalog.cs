using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>
/// The ensemble trainers, as extension methods of ML.NET's binary, multiclass and regression catalogs' <c>Trainers</c>:
/// bagging, voting and stacking over member estimators of any trainer of the task (ML.NET's own, ours, ensembles), mixed
/// and nested, that read the ensemble's feature column. Members are <c>IEstimator&lt;ISingleFeaturePredictionTransformer&lt;object&gt;&gt;</c>,
/// which every ML.NET trainer of these tasks converts to, so a collection expression of mixed trainers compiles:
/// <c>trainers.Stacking([trainers.Mlp(), trainers.FastTree(), trainers.LightGbm()])</c>.
/// </summary>
public static class EnsembleCatalog
{

    /// <summary>Bagging for binary classification: <paramref name="numberOfMembers"/> members of <paramref name="estimator"/>, each
    /// trained on its own bootstrap sample of the rows; see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="estimator">The estimator of every member; our neural trainers get a new seed per member.</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleBinaryTrainer Bagging(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, IEstimator<ISingleFeaturePredictionTransformer<object>> estimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { Estimator = estimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for binary classification, each member's estimator made from its seed by <paramref name="createEstimator"/>
    /// (for ML.NET's trainers, which take their seed from their options); see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="createEstimator">Makes a member's estimator from the member's seed.</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleBinaryTrainer Bagging(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, Func<int, IEstimator<ISingleFeaturePredictionTransformer<object>>> createEstimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { CreateEstimator = createEstimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The estimator, the sampling and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleBinaryTrainer Bagging(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BaggingOptions options) => new(Environment(catalog), options);

    /// <summary>A voting ensemble for binary classification: every member trained on all the rows; see <see cref="VotingOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="weights">One weight per member; null (default) for equal weights.</param>
    /// <param name="voting">Soft (default): the weighted mean of the probabilities; hard: the weighted share of the votes.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleBinaryTrainer Voting(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, float[]? weights = null, VotingKind voting = VotingKind.Soft,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Voting(catalog, new VotingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], Weights = weights, Voting = voting, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A voting ensemble for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The members, their weights and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleBinaryTrainer Voting(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, VotingOptions options) => new(Environment(catalog), options);

    /// <summary>Stacking for binary classification: a meta-learner trained on the members' out-of-fold outputs; see
    /// <see cref="StackingOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="metaLearner">The meta-learner, reading the feature column; null (default) for ML.NET's L-BFGS logistic regression.</param>
    /// <param name="numberOfFolds">The folds of the out-of-fold outputs. Default 5.</param>
    /// <param name="passthrough">Whether the meta-learner also reads the features. Default false.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleBinaryTrainer Stacking(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null, int numberOfFolds = 5,
        bool passthrough = false, string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Stacking(catalog, new StackingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], MetaLearner = metaLearner, NumberOfFolds = numberOfFolds, Passthrough = passthrough, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Stacking for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The members, the meta-learner, the folds and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleBinaryTrainer Stacking(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, StackingOptions options)
    {
        IHostEnvironment env = Environment(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new(env, options, options.MetaLearner ?? catalog.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = options.LabelColumnName, FeatureColumnName = options.FeatureColumnName, L1Regularization = 0, L2Regularization = 1, NumberOfThreads = 1 }));
    }

    /// <summary>Bagging for multiclass classification: <paramref name="numberOfMembers"/> members of <paramref name="estimator"/>, each
    /// trained on its own bootstrap sample of the rows; see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="estimator">The estimator of every member; our neural trainers get a new seed per member.</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleMulticlassTrainer Bagging(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, IEstimator<ISingleFeaturePredictionTransformer<object>> estimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { Estimator = estimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for multiclass classification, each member's estimator made from its seed by <paramref name="createEstimator"/>
    /// (for ML.NET's trainers, which take their seed from their options); see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="createEstimator">Makes a member's estimator from the member's seed.</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleMulticlassTrainer Bagging(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, Func<int, IEstimator<ISingleFeaturePredictionTransformer<object>>> createEstimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { CreateEstimator = createEstimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The estimator, the sampling and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleMulticlassTrainer Bagging(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, BaggingOptions options) => new(Environment(catalog), options);

    /// <summary>A voting ensemble for multiclass classification: every member trained on all the rows; see <see cref="VotingOptions"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="weights">One weight per member; null (default) for equal weights.</param>
    /// <param name="voting">Soft (default): the weighted mean of the probabilities; hard: the weighted share of the votes.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleMulticlassTrainer Voting(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, float[]? weights = null, VotingKind voting = VotingKind.Soft,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Voting(catalog, new VotingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], Weights = weights, Voting = voting, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A voting ensemble for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The members, their weights and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleMulticlassTrainer Voting(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, VotingOptions options) => new(Environment(catalog), options);

    /// <summary>Stacking for multiclass classification: a meta-learner trained on the members' out-of-fold outputs; see
    /// <see cref="StackingOptions"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="metaLearner">The meta-learner, reading the feature column; null (default) for ML.NET's L-BFGS maximum entropy.</param>
    /// <param name="numberOfFolds">The folds of the out-of-fold outputs. Default 5.</param>
    /// <param name="passthrough">Whether the meta-learner also reads the features. Default false.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleMulticlassTrainer Stacking(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null, int numberOfFolds = 5,
        bool passthrough = false, string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Stacking(catalog, new StackingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], MetaLearner = metaLearner, NumberOfFolds = numberOfFolds, Passthrough = passthrough, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Stacking for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The members, the meta-learner, the folds and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleMulticlassTrainer Stacking(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, StackingOptions options)
    {
        IHostEnvironment env = Environment(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new(env, options, options.MetaLearner ?? catalog.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options { LabelColumnName = options.LabelColumnName, FeatureColumnName = options.FeatureColumnName, L1Regularization = 0, L2Regularization = 1, NumberOfThreads = 1 }));
    }

    /// <summary>Bagging for regression: <paramref name="numberOfMembers"/> members of <paramref name="estimator"/>, each
    /// trained on its own bootstrap sample of the rows; see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="estimator">The estimator of every member; our neural trainers get a new seed per member.</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleRegressionTrainer Bagging(this RegressionCatalog.RegressionTrainers catalog, IEstimator<ISingleFeaturePredictionTransformer<object>> estimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { Estimator = estimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for regression, each member's estimator made from its seed by <paramref name="createEstimator"/>
    /// (for ML.NET's trainers, which take their seed from their options); see <see cref="BaggingOptions"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="createEstimator">Makes a member's estimator from the member's seed.</param>
    /// <param name="numberOfMembers">The number of members. Default 10.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleRegressionTrainer Bagging(this RegressionCatalog.RegressionTrainers catalog, Func<int, IEstimator<ISingleFeaturePredictionTransformer<object>>> createEstimator, int numberOfMembers = 10,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Bagging(catalog, new BaggingOptions { CreateEstimator = createEstimator, NumberOfMembers = numberOfMembers, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Bagging for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The estimator, the sampling and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleRegressionTrainer Bagging(this RegressionCatalog.RegressionTrainers catalog, BaggingOptions options) => new(Environment(catalog), options);

    /// <summary>A voting ensemble for regression: every member trained on all the rows; see <see cref="VotingOptions"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="weights">One weight per member; null (default) for equal weights.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleRegressionTrainer Voting(this RegressionCatalog.RegressionTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, float[]? weights = null,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Voting(catalog, new VotingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], Weights = weights, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A voting ensemble for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The members, their weights and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleRegressionTrainer Voting(this RegressionCatalog.RegressionTrainers catalog, VotingOptions options) => new(Environment(catalog), options);

    /// <summary>Stacking for regression: a meta-learner trained on the members' out-of-fold outputs; see
    /// <see cref="StackingOptions"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="members">The member estimators.</param>
    /// <param name="metaLearner">The meta-learner, reading the feature column; null (default) for ML.NET's SDCA regression.</param>
    /// <param name="numberOfFolds">The folds of the out-of-fold outputs. Default 5.</param>
    /// <param name="passthrough">Whether the meta-learner also reads the features. Default false.</param>
    /// <param name="labelColumnName">The label. Default "Label".</param>
    /// <param name="featureColumnName">The features the members read. Default "Features".</param>
    /// <returns>The trainer.</returns>
    public static EnsembleRegressionTrainer Stacking(this RegressionCatalog.RegressionTrainers catalog, IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> members, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null, int numberOfFolds = 5,
        bool passthrough = false, string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features) =>
        Stacking(catalog, new StackingOptions { Members = [.. members ?? throw new ArgumentNullException(nameof(members))], MetaLearner = metaLearner, NumberOfFolds = numberOfFolds, Passthrough = passthrough, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Stacking for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The members, the meta-learner, the folds and the columns.</param>
    /// <returns>The trainer.</returns>
    public static EnsembleRegressionTrainer Stacking(this RegressionCatalog.RegressionTrainers catalog, StackingOptions options)
    {
        IHostEnvironment env = Environment(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new(env, options, options.MetaLearner ?? catalog.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = options.LabelColumnName, FeatureColumnName = options.FeatureColumnName, NumberOfThreads = 1 }));
    }

    private static IHostEnvironment Environment(TrainCatalogBase.CatalogInstantiatorBase catalog) =>
        (catalog ?? throw new ArgumentNullException(nameof(catalog))).GetEnvironment();
}
