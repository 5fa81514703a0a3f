using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>The self-organizing map trainer, as extension methods of the clustering catalog's <c>Trainers</c>.</summary>
public static class SomCatalog
{
    /// <summary>A self-organizing map; see <see cref="SomTrainer"/> and, for the other defaults, <see cref="SomOptions"/>.</summary>
    /// <param name="catalog">The clustering trainers.</param>
    /// <param name="featureColumnName">A known-size vector of Single. Default "Features".</param>
    /// <param name="width">Columns of nodes. Default 10.</param>
    /// <param name="height">Rows of nodes. Default 10.</param>
    /// <param name="numberOfClusters">Clusters to merge the nodes into, or 0 (default) for one per node.</param>
    /// <param name="epochs">Passes over the data. Default 20.</param>
    /// <returns>The trainer.</returns>
    public static SomTrainer Som(this ClusteringCatalog.ClusteringTrainers catalog, string featureColumnName = DefaultColumnNames.Features,
        int width = 10, int height = 10, int numberOfClusters = 0, int epochs = 20)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Owner.Context, new SomOptions { FeatureColumnName = featureColumnName, Width = width, Height = height, NumberOfClusters = numberOfClusters, Epochs = epochs });
    }

    /// <summary>A self-organizing map, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The clustering trainers.</param>
    /// <param name="options">The column, grid, distance and training.</param>
    /// <returns>The trainer.</returns>
    public static SomTrainer Som(this ClusteringCatalog.ClusteringTrainers catalog, SomOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Owner.Context, options);
    }
}
