namespace MLNet.NeuralExtensions.Trainers;

/// <summary>How the nodes of a self-organizing map are laid out.</summary>
public enum SomTopology : byte
{
    /// <summary>A square grid: node (column, row) sits at (column, row), and its neighbours are the 8 around it.</summary>
    Rectangular = 0,

    /// <summary>A hexagonal grid of offset rows: node (column, row) sits at (column + ½ on odd rows, row · √3/2), and its
    /// neighbours are the 6 at distance 1.</summary>
    Hexagonal = 1,
}
