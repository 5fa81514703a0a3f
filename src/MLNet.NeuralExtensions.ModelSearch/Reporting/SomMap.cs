using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>A self-organizing map's unified distance matrix (U-matrix): each node's mean distance to its neighbours'
/// weights, with the grid's geometry, so the page can draw it again as <see cref="SomModelParameters.SaveMap"/> does.</summary>
/// <param name="TrialNumber">The SOM trial whose last fold's map this is.</param>
/// <param name="Width">Nodes across.</param>
/// <param name="Height">Nodes down.</param>
/// <param name="Topology">Square or hexagonal cells.</param>
/// <param name="Toroidal">Whether the grid wraps round its edges.</param>
/// <param name="Values">One value per node, node by node (node = row · Width + column).</param>
public sealed record SomMap(int TrialNumber, int Width, int Height, SomTopology Topology, bool Toroidal, IReadOnlyList<float> Values)
{
    /// <summary>The map of <paramref name="model"/>.</summary>
    /// <param name="trial">The SOM trial.</param>
    /// <param name="model">Its map.</param>
    /// <returns>The U-matrix.</returns>
    public static SomMap From(ModelSearchTrial trial, SomModelParameters model)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(model);
        return new SomMap(trial.Number, model.Width, model.Height, model.Topology, model.Toroidal, model.GetUMatrix());
    }

    /// <summary>The picture as PNG, cells of <paramref name="cellSize"/> pixels, light for small values and dark for large
    /// (dark cells separate clusters), drawn by the same code as <see cref="SomModelParameters.SaveMap"/>.</summary>
    /// <param name="cellSize">Pixels a cell. Default 24.</param>
    /// <returns>The PNG bytes.</returns>
    public byte[] ToPng(int cellSize = 24) => SomMapPicture.Png(new SomGrid(Width, Height, Topology, Toroidal), [.. Values], cellSize);
}
