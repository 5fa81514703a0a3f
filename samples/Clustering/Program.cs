using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

// Clusters iris flowers with a self-organizing map in an ordinary ML.NET pipeline: load, split, standardize, train the
// map (its nodes merged into 3 clusters), evaluate with ML.NET's clustering evaluator against KMeans, save, load the
// model back, predict, and draw the map's U-matrix and hit map.
var ml = new MLContext(seed: 1);
string output = Path.Combine(AppContext.BaseDirectory, "output");
Directory.CreateDirectory(output);

IDataView data = ml.Data.LoadFromTextFile<Flower>(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
var features = ml.Transforms.Concatenate("Features", nameof(Flower.SepalLength), nameof(Flower.SepalWidth), nameof(Flower.PetalLength), nameof(Flower.PetalWidth))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"));
var som = new SomOptions { Width = 8, Height = 8, Topology = SomTopology.Hexagonal, NumberOfClusters = 3, Epochs = 30 };
var model = features.Append(ml.Clustering.Trainers.Som(som)).Fit(split.TrainSet);
var kmeans = features.Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 3)).Fit(split.TrainSet);

// The species is not used in training; ML.NET's evaluator compares the clusters with it on the held-out flowers. (The
// map's Score is the distance to each cluster; KMeans's is the squared distance, hence its smaller average distance.)
var label = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Flower.Species)).Fit(split.TestSet);
ClusteringMetrics Evaluate(ITransformer trained) =>
    ml.Clustering.Evaluate(label.Transform(trained.Transform(split.TestSet)), labelColumnName: "Label", featureColumnName: "Features");
foreach (var (name, metrics) in new[] { ("Self-organizing map", Evaluate(model)), ("KMeans", Evaluate(kmeans)) })
{
    Console.WriteLine($"{name,-20} NMI {metrics.NormalizedMutualInformation:F3}  average distance {metrics.AverageDistance:F3}  Davies-Bouldin {metrics.DaviesBouldinIndex:F3}");
}

// Which species each cluster holds, on the held-out flowers.
var rows = ml.Data.CreateEnumerable<Assignment>(model.Transform(split.TestSet), reuseRowObject: false).ToList();
foreach (var cluster in rows.GroupBy(r => r.PredictedLabel).OrderBy(g => g.Key))
{
    Console.WriteLine($"cluster {cluster.Key}: {string.Join(", ", cluster.GroupBy(r => r.Species).Select(s => $"{s.Count()} {s.Key}"))}");
}

// Save, load back as another application would, and predict one flower.
string modelPath = Path.Combine(output, "som-iris.zip");
ml.Model.Save(model, data.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out _);
var engine = ml.Model.CreatePredictionEngine<Flower, ClusterPrediction>(loaded);
var flower = new Flower { SepalLength = 6.1f, SepalWidth = 2.8f, PetalLength = 4.7f, PetalWidth = 1.2f };
ClusterPrediction prediction = engine.Predict(flower);
Console.WriteLine($"A flower of {flower.SepalLength}/{flower.SepalWidth}/{flower.PetalLength}/{flower.PetalWidth} cm is in cluster {prediction.PredictedLabel}; distances to the clusters: {string.Join(", ", prediction.Score.Select(d => d.ToString("F3")))}");

// The map of the loaded model: its quality on the training flowers and its pictures.
var map = (SomModelParameters)((ISingleFeaturePredictionTransformer<object>)((TransformerChain<ITransformer>)loaded).LastTransformer).Model;
Console.WriteLine($"{map.Width} × {map.Height} {map.Topology} map: quantization error {map.QuantizationError:F3}, topographic error {map.TopographicError:F3}");
Console.WriteLine($"nodes by cluster: {string.Join(" ", map.GetNodeClusters())}");
foreach (var (file, kind) in new[] { ("umatrix.png", SomMapKind.UMatrix), ("umatrix.svg", SomMapKind.UMatrix), ("hits.png", SomMapKind.HitMap), ("hits.svg", SomMapKind.HitMap) })
{
    map.SaveMap(Path.Combine(output, file), kind);
}

Console.WriteLine($"Model, U-matrix and hit map written to {output}");

/// <summary>A row of iris.csv.</summary>
internal sealed class Flower
{
    [LoadColumn(0)]
    public float SepalLength { get; set; }

    [LoadColumn(1)]
    public float SepalWidth { get; set; }

    [LoadColumn(2)]
    public float PetalLength { get; set; }

    [LoadColumn(3)]
    public float PetalWidth { get; set; }

    [LoadColumn(4)]
    public string Species { get; set; } = "";
}

/// <summary>What the map says of a flower: its cluster and its distance to each cluster.</summary>
internal sealed class ClusterPrediction
{
    public uint PredictedLabel { get; set; }

    public float[] Score { get; set; } = [];
}

/// <summary>A held-out flower's species and cluster.</summary>
internal sealed class Assignment
{
    public string Species { get; set; } = "";

    public uint PredictedLabel { get; set; }
}
