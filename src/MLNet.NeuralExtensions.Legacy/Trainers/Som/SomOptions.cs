namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of <see cref="SomTrainer"/>: the grid, how nodes and rows are compared, and how the map learns. The learning
/// rate and the radius fall by <see cref="Decay"/> from their start to their final value over training.
/// </summary>
public sealed class SomOptions
{
    /// <summary>Gets or sets the feature column, a known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = DefaultColumnNames.Features;

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

    /// <summary>Gets or sets the number of clusters the nodes are merged into (Ward's agglomeration of their weights), or
    /// 0 (default) to keep one cluster per node. With clusters, Score holds the distance to each cluster's nearest node
    /// and PredictedLabel the cluster.</summary>
    public int NumberOfClusters { get; set; }

    /// <summary>Gets or sets the seed of the initialization and the row order, or null (default) for one drawn from the
    /// MLContext's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>The starting radius.</summary>
    internal float StartRadius => Radius ?? Math.Max(Width, Height) / 2f;

    /// <summary>Throws on a setting out of range, naming it.</summary>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 1, nameof(Height));
        if ((long)Width * Height is < 2 or > 1 << 16)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"A map needs between 2 and {1 << 16} nodes; {Width} × {Height} has {(long)Width * Height}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        foreach (var (value, name) in new[] { (LearningRate, nameof(LearningRate)), (FinalLearningRate, nameof(FinalLearningRate)), (StartRadius, nameof(Radius)), (FinalRadius, nameof(FinalRadius)) })
        {
            if (!(value > 0f) || !float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive number.");
            }
        }

        if (!Enum.IsDefined(Topology) || !Enum.IsDefined(Neighborhood) || !Enum.IsDefined(Distance) || !Enum.IsDefined(Initialization) || !Enum.IsDefined(Training) || !Enum.IsDefined(Decay))
        {
            throw new ArgumentOutOfRangeException(nameof(Topology), "An enumeration option (Topology, Neighborhood, Distance, Initialization, Training or Decay) has an undefined value.");
        }

        if (Toroidal && Topology == SomTopology.Hexagonal && Height % 2 != 0)
        {
            throw new ArgumentException($"A hexagonal torus needs an even Height, so that its offset rows meet when they wrap; got {Height}.", nameof(Height));
        }

        if (Neighborhood == SomNeighborhood.MexicanHat && Training == SomTrainingMode.Batch)
        {
            throw new ArgumentException("The Mexican-hat neighbourhood has negative weights, which leave the batch update's weighted mean undefined; train it Online.", nameof(Neighborhood));
        }

        if (NumberOfClusters < 0 || NumberOfClusters > (long)Width * Height)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfClusters), NumberOfClusters, $"The clusters must number between 1 and the {(long)Width * Height} nodes, or 0 for none.");
        }
    }
}
