using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of <see cref="SomTrainer"/>: the feature and weight columns (inherited from ML.NET's
/// <see cref="UnsupervisedTrainerInputBaseWithWeight"/>: <c>FeatureColumnName</c>, default "Features";
/// <c>ExampleWeightColumnName</c>, default none), the grid, how nodes and rows are compared, and how the map learns. The
/// learning rate and the radius fall by <see cref="Decay"/> from their start to their final value over training.
/// </summary>
public sealed class SomOptions : UnsupervisedTrainerInputBaseWithWeight
{
    /// <summary>The largest number of nodes a map may have.</summary>
    internal const int MaximumNodes = 1 << 16;

    /// <summary>Gets or sets the number of columns of nodes. Default 10.</summary>
    public int Width { get; set; } = 10;

    /// <summary>Gets or sets the number of rows of nodes. Default 10.</summary>
    public int Height { get; set; } = 10;

    /// <summary>Gets or sets the layout of the nodes. Default <see cref="SomTopology.Rectangular"/>.</summary>
    public SomTopology Topology { get; set; } = SomTopology.Rectangular;

    /// <summary>Gets or sets whether the grid wraps around at its edges (a torus), so that edge nodes have full
    /// neighbourhoods. A hexagonal torus needs an even <see cref="Height"/>. Default false.</summary>
    public bool Toroidal { get; set; }

    /// <summary>Gets or sets the neighbourhood function. Default <see cref="SomNeighborhood.Gaussian"/>.</summary>
    public SomNeighborhood Neighborhood { get; set; } = SomNeighborhood.Gaussian;

    /// <summary>Gets or sets the distance between rows and nodes. Default <see cref="SomDistance.Euclidean"/>.</summary>
    public SomDistance Distance { get; set; } = SomDistance.Euclidean;

    /// <summary>Gets or sets where the nodes start. Default <see cref="SomInitialization.Random"/>.</summary>
    public SomInitialization Initialization { get; set; } = SomInitialization.Random;

    /// <summary>Gets or sets how the map learns. Default <see cref="SomTrainingMode.Online"/>.</summary>
    public SomTrainingMode Training { get; set; } = SomTrainingMode.Online;

    /// <summary>Gets or sets the passes over the training rows (online: one update per row per pass; batch: one update of
    /// every node per pass). Default 20.</summary>
    public int Epochs { get; set; } = 20;

    /// <summary>Gets or sets the online learning rate at the start. Default 0.5.</summary>
    public float LearningRate { get; set; } = 0.5f;

    /// <summary>Gets or sets the online learning rate at the end. Default 0.01.</summary>
    public float FinalLearningRate { get; set; } = 0.01f;

    /// <summary>Gets or sets the neighbourhood radius σ at the start, in grid units, or null (default) for half the larger
    /// side of the grid.</summary>
    public float? Radius { get; set; }

    /// <summary>Gets or sets the neighbourhood radius at the end. Default 1.</summary>
    public float FinalRadius { get; set; } = 1f;

    /// <summary>Gets or sets how the learning rate and radius fall. Default <see cref="SomDecay.Linear"/>.</summary>
    public SomDecay Decay { get; set; } = SomDecay.Linear;

    /// <summary>Gets or sets the number of clusters the nodes are merged into (Ward's agglomeration of their weights,
    /// each node weighted by the training weight of the rows it is the best match of), or 0 (default) to keep one cluster
    /// per node. With clusters, Score holds the distance to each cluster's nearest node and PredictedLabel the
    /// cluster.</summary>
    public int NumberOfClusters { get; set; }

    /// <summary>Gets or sets whether Ward's merge of the nodes is then refined by k-means (Lloyd) passes over the nodes,
    /// weighted the same way, from Ward's partition: each pass lowers the within-cluster sum of squares that Ward's
    /// greedy merges leave above its local minimum. False keeps Ward's partition as it is. Used only with
    /// <see cref="NumberOfClusters"/>. Default true.</summary>
    public bool RefineClusters { get; set; } = true;

    /// <summary>Gets or sets the seed of the initialization and the row order, or null (default) for one drawn from the
    /// MLContext's random source, as ML.NET's trainers do.</summary>
    public int? Seed { get; set; }

    /// <summary>The starting radius.</summary>
    internal float StartRadius => Radius ?? Math.Max(Width, Height) / 2f;

    /// <summary>The number of nodes.</summary>
    internal long NodeCount => (long)Width * Height;

    /// <summary>The number of Score slots: the clusters, or the nodes when they are not merged.</summary>
    internal int OutputCount => NumberOfClusters > 0 ? NumberOfClusters : (int)NodeCount;

    /// <summary>Throws on a setting out of range, naming it and its value.</summary>
    internal void Validate(IExceptionContext host)
    {
        host.CheckNonWhiteSpace(FeatureColumnName, nameof(FeatureColumnName));
        CheckUserArg(host, Width >= 1, nameof(Width), Width, "must be at least 1");
        CheckUserArg(host, Height >= 1, nameof(Height), Height, "must be at least 1");
        CheckUserArg(host, NodeCount is >= 2 and <= MaximumNodes, nameof(Width), $"{Width} × {Height}", $"a map needs between 2 and {MaximumNodes} nodes; it has {NodeCount}");
        CheckUserArg(host, Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        CheckPositive(host, LearningRate, nameof(LearningRate));
        CheckPositive(host, FinalLearningRate, nameof(FinalLearningRate));
        CheckPositive(host, StartRadius, nameof(Radius));
        CheckPositive(host, FinalRadius, nameof(FinalRadius));
        CheckDefined(host, Topology, nameof(Topology));
        CheckDefined(host, Neighborhood, nameof(Neighborhood));
        CheckDefined(host, Distance, nameof(Distance));
        CheckDefined(host, Initialization, nameof(Initialization));
        CheckDefined(host, Training, nameof(Training));
        CheckDefined(host, Decay, nameof(Decay));
        CheckUserArg(host, !(Toroidal && Topology == SomTopology.Hexagonal && Height % 2 != 0), nameof(Height), Height,
            "a hexagonal torus needs an even Height, so that its offset rows meet when they wrap");
        CheckUserArg(host, !(Neighborhood == SomNeighborhood.MexicanHat && Training == SomTrainingMode.Batch), nameof(Neighborhood), Neighborhood,
            "the Mexican hat has negative weights, which leave the batch update's weighted mean undefined; train it Online");
        CheckUserArg(host, NumberOfClusters >= 0 && NumberOfClusters <= NodeCount, nameof(NumberOfClusters), NumberOfClusters,
            $"the clusters must number between 1 and the map's {NodeCount} nodes, or 0 for one per node");
    }

    private static void CheckPositive(IExceptionContext host, float value, string name) =>
        CheckUserArg(host, value > 0f && float.IsFinite(value), name, value, "must be a positive number");

    private static void CheckDefined<T>(IExceptionContext host, T value, string name)
        where T : struct, Enum => CheckUserArg(host, Enum.IsDefined(value), name, value, $"is not one of {string.Join(", ", Enum.GetNames<T>())}");

    private static void CheckUserArg(IExceptionContext host, bool condition, string name, object value, string rule) =>
        host.CheckUserArg(condition, name, $"{name} = {value}: {rule}.");
}
