using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// The candidates of a task: each family's defaults first, then random points of its ranges. The network: hidden
/// layers, learning rate (log-uniform 3e-4 to 1e-2), dropout, batch normalization, decoupled weight decay, batch size
/// and early stopping's patience. FastTree and LightGbm: leaves, trees, learning rate (log-uniform 0.01 to 0.3) and the
/// smallest leaf. The linear trainer (L-BFGS logistic regression or maximum entropy, SDCA least squares): its L2 penalty. The unsupervised families: map size, code layers, PCA rank and the
/// number of clusters (the label's classes when there is a label, else 2 to 10).
/// </summary>
internal sealed class SearchSpace
{
    private static readonly int[][] HiddenLayers = [[32], [64], [128], [256], [64, 32], [128, 64], [256, 128]];
    private static readonly int[][] CodeLayers = [[64, 32], [32, 16], [16, 8], [128, 64, 32]];

    private readonly ModelSearchTask _task;
    private readonly bool _imbalanced;
    private readonly int _clusters;
    private readonly int _features;
    private readonly Random _random;

    /// <summary>The space of <paramref name="task"/>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="imbalanced">Whether rare-class treatments are searched (classification only).</param>
    /// <param name="clusters">The label's class count for clustering, or 0 to search the number of clusters.</param>
    /// <param name="features">The featurized vector's size, which bounds the PCA rank.</param>
    /// <param name="seed">The seed of the random points.</param>
    public SearchSpace(ModelSearchTask task, bool imbalanced, int clusters, int features, int seed)
    {
        _task = task;
        _imbalanced = imbalanced;
        _clusters = clusters;
        _features = features;
        _random = new Random(seed);
    }

    /// <summary>The families of the task, in the order their defaults run.</summary>
    public IReadOnlyList<TrainerFamily> Families => _task switch
    {
        ModelSearchTask.AnomalyDetection => [TrainerFamily.RandomizedPca, TrainerFamily.Autoencoder],
        ModelSearchTask.Clustering => [TrainerFamily.KMeans, TrainerFamily.Som],
        _ => [TrainerFamily.Linear, TrainerFamily.Mlp, TrainerFamily.FastTree, TrainerFamily.LightGbm],
    };

    /// <summary>Each family with its defaults (for clustering without a label, with 3 clusters).</summary>
    public IEnumerable<TrialCandidate> Defaults() => Families.Select(f => Create(f, random: false));

    /// <summary>A random point of a family drawn at random, families equally likely.</summary>
    public TrialCandidate Sample() => Create(Families[_random.Next(Families.Count)], random: true);

    private TrialCandidate Create(TrainerFamily family, bool random)
    {
        var settings = new List<string>();
        T Pick<T>(string name, T fallback, params T[] values)
        {
            if (!random)
            {
                return fallback;
            }
            T value = values[_random.Next(values.Length)];
            settings.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={Format(value)}"));
            return value;
        }
        float LogUniform(string name, float fallback, double low, double high)
        {
            if (!random)
            {
                return fallback;
            }
            float value = (float)Math.Exp(Math.Log(low) + (_random.NextDouble() * (Math.Log(high) - Math.Log(low))));
            value = float.Parse(value.ToString("G2", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            settings.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));
            return value;
        }
        ImbalanceTreatment imbalance = random && _imbalanced && Supports(family)
            ? (ImbalanceTreatment)_random.Next(3)
            : ImbalanceTreatment.None;
        Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> create = family switch
        {
            TrainerFamily.Mlp => MlpTrainer(Pick("HiddenLayers", [100], HiddenLayers), LogUniform("LearningRate", 1e-3f, 3e-4, 1e-2),
                Pick("DropoutRate", 0f, 0f, 0.1f, 0.2f, 0.3f), Pick("BatchNormalization", false, false, true),
                Pick("WeightDecay", 0f, 0f, 1e-4f, 1e-3f), Pick("BatchSize", 32, 32, 64, 128), Pick("Patience", 30, 10, 20, 30), imbalance),
            TrainerFamily.FastTree => FastTreeTrainer(Pick("NumberOfLeaves", 20, 8, 16, 32, 64, 128), Pick("NumberOfTrees", 100, 50, 100, 200, 500),
                LogUniform("LearningRate", 0.2f, 0.01, 0.3), Pick("MinimumExampleCountPerLeaf", 10, 2, 5, 10, 20, 50), imbalance),
            TrainerFamily.LightGbm => LightGbmTrainer(Pick("NumberOfLeaves", 31, 8, 16, 31, 64, 128), Pick("NumberOfIterations", 100, 50, 100, 200, 500),
                LogUniform("LearningRate", 0.1f, 0.01, 0.3), Pick("MinimumExampleCountPerLeaf", 20, 5, 10, 20, 50), imbalance),
            TrainerFamily.Linear => LinearTrainer(Pick("L2Regularization", 1f, 1e-4f, 1e-2f, 0.1f, 1f, 10f)),
            TrainerFamily.Autoencoder => AutoencoderTrainer(Pick("EncoderLayers", [64, 32], CodeLayers), LogUniform("LearningRate", 1e-3f, 3e-4, 1e-2),
                Pick("DropoutRate", 0.2f, 0f, 0.1f, 0.2f), Pick("Epochs", 100, 50, 100, 200)),
            TrainerFamily.RandomizedPca => PcaTrainer(Math.Min(Pick("Rank", 20, 2, 5, 10, 20, 40), Math.Max(1, _features - 1))),
            TrainerFamily.KMeans => KMeansTrainer(Clusters(Pick)),
            TrainerFamily.Som => SomTrainer(Clusters(Pick), Pick("Size", 10, 4, 6, 8, 10, 14), Pick("Epochs", 20, 10, 20, 50), Pick("LearningRate", 0.5f, 0.1f, 0.5f, 1f)),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Ensembles are built from the trials' best candidates, not drawn."),
        };
        return new TrialCandidate(family, string.Join(", ", settings), imbalance, create);
    }

    private int Clusters(Func<string, int, int[], int> pick) =>
        _clusters > 0 ? _clusters : pick("NumberOfClusters", 3, [2, 3, 4, 5, 6, 8, 10]);

    private static bool Supports(TrainerFamily family) => family switch
    {
        TrainerFamily.Mlp => true,
        TrainerFamily.FastTree or TrainerFamily.LightGbm => true,
        _ => false,
    };

    private static string Format<T>(T value) => value switch
    {
        int[] layers => $"[{string.Join(" ", layers)}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> MlpTrainer(int[] hidden, float learningRate, float dropout,
        bool batchNormalization, float weightDecay, int batchSize, int patience, ImbalanceTreatment imbalance) => context =>
    {
        var options = new MlpOptions
        {
            LabelColumnName = LabelPreparation.LabelColumnName,
            FeatureColumnName = Featurization.FeatureColumnName,
            HiddenLayers = hidden,
            LearningRate = learningRate,
            DropoutRate = dropout,
            BatchNormalization = batchNormalization,
            Optimizer = weightDecay > 0f ? NeuralOptimizer.AdamW : NeuralOptimizer.Adam,
            WeightDecay = weightDecay,
            BatchSize = batchSize,
            EarlyStopping = new Engine.EarlyStopping { Patience = patience, RestoreBestWeights = true },
            ClassWeights = imbalance == ImbalanceTreatment.ClassWeights ? context.ClassWeights : null,
            Seed = context.Seed,
            CancellationToken = context.Cancellation,
        };
        return _task switch
        {
            ModelSearchTask.BinaryClassification => context.ML.BinaryClassification.Trainers.Mlp(options),
            ModelSearchTask.MulticlassClassification => context.ML.MulticlassClassification.Trainers.Mlp(options),
            _ => context.ML.Regression.Trainers.Mlp(options),
        };
    };

    private Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> FastTreeTrainer(int leaves, int trees, float learningRate, int minimumLeaf,
        ImbalanceTreatment imbalance)
    {
        FastTreeBinaryTrainer.Options Binary(TrialContext context) => new()
        {
            NumberOfLeaves = leaves, NumberOfTrees = trees, LearningRate = learningRate, MinimumExampleCountPerLeaf = minimumLeaf,
            UnbalancedSets = imbalance == ImbalanceTreatment.ClassWeights, Seed = context.Seed,
        };
        return context => _task switch
        {
            ModelSearchTask.BinaryClassification => context.ML.BinaryClassification.Trainers.FastTree(Binary(context)),
            ModelSearchTask.MulticlassClassification => context.ML.MulticlassClassification.Trainers.OneVersusAll(context.ML.BinaryClassification.Trainers.FastTree(Binary(context))),
            _ => context.ML.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfLeaves = leaves, NumberOfTrees = trees, LearningRate = learningRate, MinimumExampleCountPerLeaf = minimumLeaf, Seed = context.Seed,
            }),
        };
    }

    private Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> LightGbmTrainer(int leaves, int iterations, float learningRate, int minimumLeaf,
        ImbalanceTreatment imbalance) => context => _task switch
    {
        ModelSearchTask.BinaryClassification => context.ML.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = leaves, NumberOfIterations = iterations, LearningRate = learningRate, MinimumExampleCountPerLeaf = minimumLeaf,
            UnbalancedSets = imbalance == ImbalanceTreatment.ClassWeights, Seed = context.Seed,
        }),
        ModelSearchTask.MulticlassClassification => context.ML.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            NumberOfLeaves = leaves, NumberOfIterations = iterations, LearningRate = learningRate, MinimumExampleCountPerLeaf = minimumLeaf,
            UnbalancedSets = imbalance == ImbalanceTreatment.ClassWeights, Seed = context.Seed,
        }),
        _ => context.ML.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfLeaves = leaves, NumberOfIterations = iterations, LearningRate = learningRate, MinimumExampleCountPerLeaf = minimumLeaf, Seed = context.Seed,
        }),
    };

    private Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> LinearTrainer(float l2) => context => _task switch
    {
        ModelSearchTask.BinaryClassification => context.ML.BinaryClassification.Trainers.LbfgsLogisticRegression(LabelPreparation.LabelColumnName, Featurization.FeatureColumnName, l2Regularization: l2),
        ModelSearchTask.MulticlassClassification => context.ML.MulticlassClassification.Trainers.LbfgsMaximumEntropy(LabelPreparation.LabelColumnName, Featurization.FeatureColumnName, l2Regularization: l2),
        _ => context.ML.Regression.Trainers.Sdca(LabelPreparation.LabelColumnName, Featurization.FeatureColumnName, l2Regularization: l2),
    };

    private static Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> AutoencoderTrainer(int[] layers, float learningRate, float dropout, int epochs) =>
        context => context.ML.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions
        {
            FeatureColumnName = Featurization.FeatureColumnName,
            EncoderLayers = layers,
            LearningRate = learningRate,
            DropoutRate = dropout,
            Epochs = epochs,
            Seed = context.Seed,
            CancellationToken = context.Cancellation,
        });

    private static Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> PcaTrainer(int rank) =>
        context => context.ML.AnomalyDetection.Trainers.RandomizedPca(Featurization.FeatureColumnName, rank: rank, seed: context.Seed);

    private static Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> KMeansTrainer(int clusters) =>
        context => context.ML.Clustering.Trainers.KMeans(Featurization.FeatureColumnName, numberOfClusters: clusters);

    private static Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> SomTrainer(int clusters, int size, int epochs, float learningRate) =>
        context => context.ML.Clustering.Trainers.Som(new SomOptions
        {
            FeatureColumnName = Featurization.FeatureColumnName,
            Width = size,
            Height = size,
            NumberOfClusters = clusters,
            Epochs = epochs,
            LearningRate = learningRate,
            Seed = context.Seed,
        });
}
