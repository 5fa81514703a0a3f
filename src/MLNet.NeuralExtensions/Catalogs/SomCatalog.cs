using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>The self-organizing map trainer, as extension methods of ML.NET's clustering catalog's <c>Trainers</c>.</summary>
public static class SomCatalog
{
    /// <summary>A self-organizing map; see <see cref="SomTrainer"/> and, for the other defaults, <see cref="SomOptions"/>.</summary>
    /// <param name="catalog">The clustering trainers.</param>
    /// <param name="featureColumnName">A known-size vector of Single. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default) for weight 1 each.</param>
    /// <param name="width">Columns of nodes. Default 10.</param>
    /// <param name="height">Rows of nodes. Default 10.</param>
    /// <param name="numberOfClusters">Clusters to merge the nodes into, or 0 (default) for one per node.</param>
    /// <param name="epochs">Passes over the data. Default 20.</param>
    /// <returns>The trainer.</returns>
    public static SomTrainer Som(this ClusteringCatalog.ClusteringTrainers catalog, string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null, int width = 10, int height = 10, int numberOfClusters = 0, int epochs = 20)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        return new(catalog.GetEnvironment(), new SomOptions
        {
            FeatureColumnName = featureColumnName,
            ExampleWeightColumnName = exampleWeightColumnName,
            Width = width,
            Height = height,
            NumberOfClusters = numberOfClusters,
            Epochs = epochs,
        });
    }

    /// <summary>A self-organizing map, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The clustering trainers.</param>
    /// <param name="options">The columns, grid, distance and training.</param>
    /// <returns>The trainer.</returns>
    public static SomTrainer Som(this ClusteringCatalog.ClusteringTrainers catalog, SomOptions options)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        Contracts.CheckValue(options, nameof(options));
        return new(catalog.GetEnvironment(), options);
    }
}
