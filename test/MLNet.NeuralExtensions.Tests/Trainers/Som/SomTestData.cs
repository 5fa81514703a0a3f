using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Som;

/// <summary>Iris as the SOM tests read it, and the map configurations they cover.</summary>
internal static class SomTestData
{
    /// <summary>Configurations covering each topology, distance, initialization, training mode, neighbourhood and decay.</summary>
    public static IEnumerable<object[]> Configurations =>
    [
        ["rectangular euclidean online gaussian", new SomOptions { Width = 4, Height = 3, Epochs = 3 }],
        ["hexagonal torus cosine batch bubble, merged", new SomOptions { Width = 4, Height = 4, Topology = SomTopology.Hexagonal, Toroidal = true, Distance = SomDistance.Cosine, Training = SomTrainingMode.Batch, Neighborhood = SomNeighborhood.Bubble, NumberOfClusters = 3, Epochs = 3 }],
        ["rectangular torus manhattan pca triangle asymptotic", new SomOptions { Width = 5, Height = 2, Toroidal = true, Distance = SomDistance.Manhattan, Initialization = SomInitialization.Pca, Neighborhood = SomNeighborhood.Triangle, Decay = SomDecay.Asymptotic, Epochs = 3 }],
        ["hexagonal chebyshev mexican hat exponential, merged", new SomOptions { Width = 5, Height = 4, Topology = SomTopology.Hexagonal, Distance = SomDistance.Chebyshev, Neighborhood = SomNeighborhood.MexicanHat, Radius = 3, FinalRadius = 1.5f, Decay = SomDecay.Exponential, NumberOfClusters = 4, Epochs = 3 }],
    ];

    /// <summary>Iris's four measurements as Single columns and the species as text ("Species").</summary>
    public static IDataView Iris(MLContext ml) => ml.Data.LoadFromTextFile(Path.Combine("TestData", "iris.csv"),
        [
            new TextLoader.Column("SepalLength", DataKind.Single, 0), new TextLoader.Column("SepalWidth", DataKind.Single, 1),
            new TextLoader.Column("PetalLength", DataKind.Single, 2), new TextLoader.Column("PetalWidth", DataKind.Single, 3),
            new TextLoader.Column("Species", DataKind.String, 4),
        ],
        separatorChar: ',', hasHeader: true, allowQuoting: true);

    /// <summary>ML.NET's preparation users write: the measurements concatenated into "Features", scaled to [0, 1], and the
    /// species as the key "Label".</summary>
    public static IEstimator<ITransformer> Preparation(MLContext ml) =>
        ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Species"));

    /// <summary>A fixed 80/20 split of iris, prepared with the preparation fitted on the training part.</summary>
    public static (IDataView Train, IDataView Test) Split(MLContext ml, int seed = 1)
    {
        var split = ml.Data.TrainTestSplit(Iris(ml), testFraction: 0.2, seed: seed);
        ITransformer preparation = Preparation(ml).Fit(split.TrainSet);
        return (ml.Data.Cache(preparation.Transform(split.TrainSet)), ml.Data.Cache(preparation.Transform(split.TestSet)));
    }

    /// <summary>A copy of <paramref name="options"/> with another seed and feature column.</summary>
    public static SomOptions With(SomOptions options, int? seed = 7, string features = "Features") => new()
    {
        FeatureColumnName = features, Width = options.Width, Height = options.Height, Topology = options.Topology, Toroidal = options.Toroidal,
        Distance = options.Distance, Training = options.Training, Neighborhood = options.Neighborhood, Initialization = options.Initialization,
        Decay = options.Decay, Radius = options.Radius, FinalRadius = options.FinalRadius, NumberOfClusters = options.NumberOfClusters, Epochs = options.Epochs, Seed = seed,
    };

    /// <summary>Every row's Score, one after another.</summary>
    public static float[] Scores(IDataView scored) => [.. scored.GetColumn<VBuffer<float>>("Score").SelectMany(s => s.DenseValues())];

    /// <summary>Every row's PredictedLabel key.</summary>
    public static uint[] Labels(IDataView scored) => [.. scored.GetColumn<uint>("PredictedLabel")];

    /// <summary>Every row's features, one after another.</summary>
    public static float[] Features(IDataView data, string column = "Features") => [.. data.GetColumn<VBuffer<float>>(column).SelectMany(s => s.DenseValues())];
}
