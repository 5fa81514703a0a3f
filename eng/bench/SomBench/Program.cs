using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

// Held-out NMI of the self-organizing map's merged clusters against ML.NET's KMeans at the same k (the number of
// classes). Each dataset is split 70/30 by ML.NET's TrainTestSplit with the run's seed, standardized by
// NormalizeMeanVariance fitted on the training part; both trainers fit on it, ML.NET's clustering evaluator scores the
// test part against the class. Usage: SomBench [datasets dir] [seeds]; prints a markdown table.
string directory = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "datasets");
int seeds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
(string File, int Features, int Classes)[] datasets =
[
    ("iris.csv", 4, 3), ("wine.csv", 13, 3), ("vehicle.csv", 18, 4), ("satellite.csv", 36, 6), ("digits-8x8.csv", 64, 10),
];
(string Name, Func<int, SomOptions> Options)[] maps =
[
    ("SOM defaults (10×10 online, Ward + k-means passes)", k => new SomOptions { NumberOfClusters = k }),
    ("SOM defaults, Ward only", k => new SomOptions { NumberOfClusters = k, RefineClusters = false }),
    ("SOM 10×10 hexagonal batch PCA", k => new SomOptions { NumberOfClusters = k, Topology = SomTopology.Hexagonal, Training = SomTrainingMode.Batch, Initialization = SomInitialization.Pca }),
    ("SOM 10×10 online, final radius 0.5", k => new SomOptions { NumberOfClusters = k, FinalRadius = 0.5f }),
];

Console.WriteLine($"| dataset | k | KMeans NMI | {string.Join(" | ", maps.Select(m => m.Name + " NMI"))} |");
Console.WriteLine($"|---|---|---|{string.Concat(maps.Select(_ => "---|"))}");
foreach (var (file, features, classes) in datasets)
{
    var kmeans = new List<double>();
    var som = maps.Select(_ => new List<double>()).ToArray();
    for (int seed = 1; seed <= seeds; seed++)
    {
        var ml = new MLContext(seed);
        IDataView raw = ml.Data.LoadFromTextFile(Path.Combine(directory, file),
            [new TextLoader.Column("Features", DataKind.Single, 0, features - 1), new TextLoader.Column("Class", DataKind.String, features)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        var split = ml.Data.TrainTestSplit(raw, testFraction: 0.3, seed: seed);
        var preparation = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Transforms.Conversion.MapValueToKey("Label", "Class")).Fit(split.TrainSet);
        IDataView train = ml.Data.Cache(preparation.Transform(split.TrainSet)), test = ml.Data.Cache(preparation.Transform(split.TestSet));
        double Nmi(ITransformer model) => ml.Clustering.Evaluate(model.Transform(test), labelColumnName: "Label", featureColumnName: "Features").NormalizedMutualInformation;
        kmeans.Add(Nmi(ml.Clustering.Trainers.KMeans(numberOfClusters: classes).Fit(train)));
        for (int m = 0; m < maps.Length; m++)
        {
            SomOptions options = maps[m].Options(classes);
            options.Seed = seed;
            som[m].Add(Nmi(ml.Clustering.Trainers.Som(options).Fit(train)));
        }
    }

    static string Summary(List<double> values)
    {
        double mean = values.Average(), sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {sd:F3} ({values.Min():F3}–{values.Max():F3})");
    }

    Console.WriteLine($"| {Path.GetFileNameWithoutExtension(file)} | {classes} | {Summary(kmeans)} | {string.Join(" | ", som.Select(Summary))} |");
}
