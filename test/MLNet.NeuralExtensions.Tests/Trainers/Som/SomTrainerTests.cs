using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Som;

/// <summary>The map as an ML.NET clustering trainer: schema, Score and PredictedLabel, ML.NET's evaluator, pipelines,
/// seeds, save and load in a second process, ONNX through ML.NET's converter and ApplyOnnxModel.</summary>
[TestClass]
public sealed class SomTrainerTests
{
    public static IEnumerable<object[]> Configurations => SomTestData.Configurations;

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void ScoreIsTheDistanceToEachNodeOrClusterAndPredictedLabelTheNearestKey(string name, SomOptions options)
    {
        var ml = new MLContext(1);
        var (train, test) = SomTestData.Split(ml);
        var trainer = ml.Clustering.Trainers.Som(SomTestData.With(options));
        var model = trainer.Fit(train);
        IDataView scored = model.Transform(test);
        int outputs = options.NumberOfClusters > 0 ? options.NumberOfClusters : options.Width * options.Height;

        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, outputs), scored.Schema["Score"].Type, name);
        Assert.AreEqual(new KeyDataViewType(typeof(uint), outputs), scored.Schema["PredictedLabel"].Type, name);
        Assert.AreEqual(scored.Schema["Score"].Type, model.GetOutputSchema(test.Schema)["Score"].Type, $"{name}: the transformer's promised schema");

        // Score, recomputed from the codebook and the node clusters: the least distance among each cluster's nodes.
        SomModelParameters map = model.Model;
        float[] codebook = map.GetCodebook(), features = SomTestData.Features(test), scores = SomTestData.Scores(scored);
        uint[] clusters = map.GetNodeClusters(), labels = SomTestData.Labels(scored);
        int width = map.FeatureCount, rows = features.Length / width;
        for (int row = 0; row < rows; row++)
        {
            float[] expected = [.. Enumerable.Repeat(float.PositiveInfinity, outputs)];
            for (int node = 0; node < clusters.Length; node++)
            {
                float d = SomMetric.Distance(options.Distance, features.AsSpan(row * width, width), codebook.AsSpan(node * width, width));
                expected[clusters[node] - 1] = Math.Min(expected[clusters[node] - 1], d);
            }

            float[] actual = scores[(row * outputs)..((row + 1) * outputs)];
            CollectionAssert.AreEqual(expected, actual, $"{name}: Score of row {row}");
            Assert.AreEqual((uint)Array.IndexOf(actual, actual.Min()) + 1, labels[row], $"{name}: PredictedLabel of row {row}");
        }

        Assert.AreEqual(outputs, clusters.Distinct().Count(), $"{name}: every cluster has a node");
    }

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void MLNetsClusteringEvaluatorMeasuresTheOutput(string name, SomOptions options)
    {
        var ml = new MLContext(1);
        var (train, test) = SomTestData.Split(ml);
        IDataView scored = ml.Clustering.Trainers.Som(SomTestData.With(options)).Fit(train).Transform(test);

        ClusteringMetrics metrics = ml.Clustering.Evaluate(scored, labelColumnName: "Label", featureColumnName: "Features");
        float[] scores = SomTestData.Scores(scored);
        int outputs = scores.Length / (int)test.GetRowCount()!.Value;
        double averageDistance = scores.Chunk(outputs).Average(s => s.Min());
        Assert.AreEqual(averageDistance, metrics.AverageDistance, 1e-5, $"{name}: AverageDistance is the mean least Score");
        Assert.IsTrue(metrics.NormalizedMutualInformation is > 0.3 and <= 1 + 1e-9, $"{name}: NMI {metrics.NormalizedMutualInformation}");
        Assert.IsTrue(double.IsFinite(metrics.DaviesBouldinIndex) && metrics.DaviesBouldinIndex > 0, $"{name}: DBI {metrics.DaviesBouldinIndex}");
        Assert.IsTrue(double.IsNaN(ml.Clustering.Evaluate(scored).NormalizedMutualInformation), $"{name}: no NMI without a label");
    }

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void APipelineSavedHereScoresIdenticallyInAChildProcess(string name, SomOptions options)
    {
        var ml = new MLContext(1);
        var (model, split) = FitPipeline(ml, options);
        using var files = new TempFiles();

        IDataView child = ModelHost.ScoreInChildProcess(ml, model, split.TestSet, files);
        IDataView here = model.Transform(split.TestSet);
        Assert.AreEqual(here.Schema["PredictedLabel"].Type, child.Schema["PredictedLabel"].Type, name);
        CollectionAssert.AreEqual(SomTestData.Scores(here), SomTestData.Scores(child), $"{name}: Score");
        CollectionAssert.AreEqual(SomTestData.Labels(here), SomTestData.Labels(child), $"{name}: PredictedLabel");

        // The model read back in this process keeps the map's own properties too.
        // ML.NET loads a clustering transformer as ClusteringPredictionTransformer<IPredictorProducing<…>>, as for KMeans.
        var chain = (TransformerChain<ITransformer>)ml.Model.Load(files.PathOf("model.zip"), out _);
        var loaded = (SomModelParameters)chain.OfType<ISingleFeaturePredictionTransformer<object>>().Single().Model;
        SomModelParameters trained = model.LastTransformer.Model;
        CollectionAssert.AreEqual(trained.GetCodebook(), loaded.GetCodebook(), name);
        CollectionAssert.AreEqual(trained.GetNodeClusters(), loaded.GetNodeClusters(), name);
        CollectionAssert.AreEqual(trained.HitCounts.ToArray(), loaded.HitCounts.ToArray(), name);
        Assert.AreEqual((trained.QuantizationError, trained.TopographicError, trained.Topology, trained.Toroidal, trained.Distance), (loaded.QuantizationError, loaded.TopographicError, loaded.Topology, loaded.Toroidal, loaded.Distance), name);
    }

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void TheOnnxExportScoresAsTheModelThroughApplyOnnxModel(string name, SomOptions options)
    {
        var ml = new MLContext(1);
        var (model, split) = FitPipeline(ml, options);
        using var files = new TempFiles();
        string onnx = files.PathOf("som.onnx");
        using (FileStream stream = File.Create(onnx))
        {
            ml.Model.ConvertToOnnx(model, split.TrainSet, stream);
        }

        IDataView exported = ml.Transforms.ApplyOnnxModel(onnx).Fit(split.TestSet).Transform(split.TestSet);
        IDataView here = model.Transform(split.TestSet);
        float[] expected = SomTestData.Scores(here);
        float[] actual = SomTestData.Scores(exported);
        Assert.HasCount(expected.Length, actual, name);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-4, $"{name}: ONNX Score {i}");
        }

        CollectionAssert.AreEqual(SomTestData.Labels(here), exported.GetColumn<VBuffer<uint>>("PredictedLabel").Select(l => l.GetValues().ToArray().Single()).ToArray(), $"{name}: ONNX PredictedLabel");
    }

    [TestMethod]
    public void TheSeedOptionOrElseTheMLContextsSeedMakesTrainingReproducible()
    {
        var options = new SomOptions { Width = 4, Height = 3, Epochs = 3 };
        float[] Scores(int contextSeed, int? seed)
        {
            var ml = new MLContext(contextSeed);
            var (train, test) = SomTestData.Split(ml);
            return SomTestData.Scores(ml.Clustering.Trainers.Som(SomTestData.With(options, seed)).Fit(train).Transform(test));
        }

        CollectionAssert.AreEqual(Scores(1, 7), Scores(2, 7), "the option's seed, whatever the context's");
        CollectionAssert.AreNotEqual(Scores(1, 7), Scores(1, 8), "another seed, another map");
        CollectionAssert.AreEqual(Scores(5, null), Scores(5, null), "without the option: the context's seed");
        CollectionAssert.AreNotEqual(Scores(5, null), Scores(6, null), "without the option: another context seed, another map");
    }

    [TestMethod]
    public void ARowOfWeightTwoCountsAsTheRowTwiceInTheBatchMap()
    {
        // The batch map from the PCA start depends on the rows only through weighted sums, so a weight column of 2 for
        // some rows gives the map of the data with those rows duplicated.
        var ml = new MLContext(1);
        var (train, _) = SomTestData.Split(ml);
        float[] features = SomTestData.Features(train);
        var weighted = features.Chunk(4).Select((f, i) => new WeightedRow { Features = f, Weight = i % 3 == 0 ? 2 : 1 }).ToList();
        var duplicated = weighted.SelectMany(r => Enumerable.Repeat(new WeightedRow { Features = r.Features, Weight = 1 }, (int)r.Weight)).ToList();
        var options = new SomOptions { Width = 4, Height = 4, Training = SomTrainingMode.Batch, Initialization = SomInitialization.Pca, Epochs = 5, NumberOfClusters = 3, ExampleWeightColumnName = "Weight" };

        SomModelParameters fromWeights = ml.Clustering.Trainers.Som(options).Fit(ml.Data.LoadFromEnumerable(weighted)).Model;
        options.ExampleWeightColumnName = null;
        SomModelParameters fromCopies = ml.Clustering.Trainers.Som(options).Fit(ml.Data.LoadFromEnumerable(duplicated)).Model;
        SomModelParameters unweighted = ml.Clustering.Trainers.Som(options).Fit(ml.Data.LoadFromEnumerable(weighted)).Model;

        float[] a = fromWeights.GetCodebook(), b = fromCopies.GetCodebook(), c = unweighted.GetCodebook();
        for (int i = 0; i < a.Length; i++)
        {
            Assert.AreEqual(b[i], a[i], 1e-4, $"codebook value {i}");
        }

        Assert.IsGreaterThan(1e-3, a.Zip(c).Max(p => Math.Abs(p.First - p.Second)), "the weights change the map");
        Assert.AreEqual(fromCopies.QuantizationError, fromWeights.QuantizationError, 1e-5, "weighted quantization error");
        CollectionAssert.AreEqual(fromCopies.GetNodeClusters(), fromWeights.GetNodeClusters(), "the Ward merge weighs the nodes by their rows' weights");
    }

    // The preparation and the map, fitted on the raw training part of iris's fixed split.
    private static (TransformerChain<ClusteringPredictionTransformer<SomModelParameters>> Model, DataOperationsCatalog.TrainTestData Split) FitPipeline(MLContext ml, SomOptions options)
    {
        var split = ml.Data.TrainTestSplit(SomTestData.Iris(ml), testFraction: 0.2, seed: 1);
        return (SomTestData.Preparation(ml).Append(ml.Clustering.Trainers.Som(SomTestData.With(options))).Fit(split.TrainSet), split);
    }

    private sealed class WeightedRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public float Weight { get; set; }
    }
}
