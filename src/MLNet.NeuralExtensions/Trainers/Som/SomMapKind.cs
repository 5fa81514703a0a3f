namespace MLNet.NeuralExtensions.Trainers;

/// <summary>A picture of a self-organizing map, one cell per node.</summary>
public enum SomMapKind : byte
{
    /// <summary>The unified distance matrix: each node's mean distance to its neighbours' weights; dark cells separate
    /// clusters.</summary>
    UMatrix = 0,

    /// <summary>How many training rows each node is the best match of; dark cells are busy.</summary>
    HitMap = 1,
}
