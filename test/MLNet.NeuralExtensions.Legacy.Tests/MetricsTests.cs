using System.Text.Json;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Tests;

[TestClass]
public sealed class MetricsTests
{
    private const double Tolerance = 1e-6;
    private static readonly JsonElement s_golden = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "metric-goldens.json"))).RootElement;

    private sealed class BinaryRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }

    private sealed class MulticlassRow
    {
        public float Label { get; set; }

        [VectorType(4)]
        public float[] Score { get; set; } = [];
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }

        public float Score { get; set; }
    }

    private sealed class ClusterRow
    {
        public float Label { get; set; }

        [VectorType(3)]
        public float[] Score { get; set; } = [];

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    [TestMethod]
    public void Binary_metrics_equal_scikit_learn()
    {
        JsonElement g = s_golden.GetProperty("binary");
        double[] labels = Doubles(g, "label"), scores = Doubles(g, "score"), probs = Doubles(g, "probability");
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(labels.Select((l, i) => new BinaryRow { Label = l > 0, Score = (float)scores[i], Probability = (float)probs[i] }).ToArray());

        CalibratedBinaryClassificationMetrics m = ml.BinaryClassification.Evaluate(data);

        foreach (string name in new[] { "AreaUnderRocCurve", "Accuracy", "PositivePrecision", "PositiveRecall", "NegativePrecision", "NegativeRecall", "F1Score", "AreaUnderPrecisionRecallCurve", "LogLoss", "Entropy", "LogLossReduction" })
        {
            Assert.AreEqual(g.GetProperty(name).GetDouble(), (double)typeof(CalibratedBinaryClassificationMetrics).GetProperty(name)!.GetValue(m)!, Tolerance, name);
        }

        AssertCounts(g.GetProperty("Counts"), m.ConfusionMatrix);
        Assert.AreEqual(m.ConfusionMatrix.Counts[0][0], m.ConfusionMatrix.GetCountForClassPair(0, 0));
        StringAssert.Contains(m.ConfusionMatrix.GetFormattedConfusionTable(), "positive");
    }

    [TestMethod]
    public void Multiclass_metrics_equal_scikit_learn()
    {
        JsonElement g = s_golden.GetProperty("multiclass");
        double[] labels = Doubles(g, "label");
        float[][] scores = g.GetProperty("score").EnumerateArray().Select(r => r.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray()).ToArray();
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(labels.Select((l, i) => new MulticlassRow { Label = (float)l, Score = scores[i] }).ToArray());

        MulticlassClassificationMetrics m2 = ml.MulticlassClassification.Evaluate(data, topKPredictionCount: 2);
        MulticlassClassificationMetrics m3 = ml.MulticlassClassification.Evaluate(data, topKPredictionCount: 3);

        Assert.AreEqual(g.GetProperty("MicroAccuracy").GetDouble(), m2.MicroAccuracy, Tolerance);
        Assert.AreEqual(g.GetProperty("MacroAccuracy").GetDouble(), m2.MacroAccuracy, Tolerance);
        Assert.AreEqual(g.GetProperty("LogLoss").GetDouble(), m2.LogLoss, Tolerance);
        Assert.AreEqual(g.GetProperty("LogLossReduction").GetDouble(), m2.LogLossReduction, Tolerance);
        Assert.AreEqual(g.GetProperty("TopKAccuracy2").GetDouble(), m2.TopKAccuracy, Tolerance);
        Assert.AreEqual(g.GetProperty("TopKAccuracy3").GetDouble(), m3.TopKAccuracy, Tolerance);
        Assert.AreEqual(m2.MicroAccuracy, m2.TopKAccuracyForAllK[0], Tolerance);
        AssertCounts(g.GetProperty("Counts"), m2.ConfusionMatrix);
        CollectionAssert.AreEqual(Doubles(g, "PerClassPrecision"), m2.ConfusionMatrix.PerClassPrecision.ToArray(), new ToleranceComparer());
        CollectionAssert.AreEqual(Doubles(g, "PerClassRecall"), m2.ConfusionMatrix.PerClassRecall.ToArray(), new ToleranceComparer());
    }

    [TestMethod]
    public void Regression_metrics_equal_scikit_learn()
    {
        JsonElement g = s_golden.GetProperty("regression");
        double[] labels = Doubles(g, "label"), scores = Doubles(g, "score");
        var ml = new MLContext(1);
        var rows = labels.Select((l, i) => new { Label = l, Score = (float)scores[i] }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(rows.Select(r => new DoubleLabelRow { Label = r.Label, Score = r.Score }).ToArray());

        RegressionMetrics m = ml.Regression.Evaluate(data);

        Assert.AreEqual(g.GetProperty("MeanAbsoluteError").GetDouble(), m.MeanAbsoluteError, Tolerance);
        Assert.AreEqual(g.GetProperty("MeanSquaredError").GetDouble(), m.MeanSquaredError, Tolerance);
        Assert.AreEqual(g.GetProperty("RootMeanSquaredError").GetDouble(), m.RootMeanSquaredError, Tolerance);
        Assert.AreEqual(g.GetProperty("RSquared").GetDouble(), m.RSquared, Tolerance);
        Assert.AreEqual(m.MeanSquaredError, m.LossFunction);
    }

    [TestMethod]
    public void Clustering_metrics_equal_scikit_learn()
    {
        JsonElement g = s_golden.GetProperty("clustering");
        double[] labels = Doubles(g, "label");
        float[][] scores = Matrix(g, "score"), features = Matrix(g, "features");
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(labels.Select((l, i) => new ClusterRow { Label = (float)l, Score = scores[i], Features = features[i] }).ToArray());

        ClusteringMetrics m = ml.Clustering.Evaluate(data, labelColumnName: "Label", featureColumnName: "Features");

        Assert.AreEqual(g.GetProperty("NormalizedMutualInformation").GetDouble(), m.NormalizedMutualInformation, Tolerance);
        Assert.AreEqual(g.GetProperty("AverageDistance").GetDouble(), m.AverageDistance, Tolerance);
        Assert.AreEqual(g.GetProperty("DaviesBouldinIndex").GetDouble(), m.DaviesBouldinIndex, 1e-5);
        Assert.IsTrue(double.IsNaN(ml.Clustering.Evaluate(data).NormalizedMutualInformation));
    }

    [TestMethod]
    public void Anomaly_metrics_equal_scikit_learn_and_the_detection_rate_rule()
    {
        JsonElement g = s_golden.GetProperty("anomaly");
        double[] labels = Doubles(g, "label"), scores = Doubles(g, "score");
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(labels.Select((l, i) => new BinaryRow { Label = l > 0, Score = (float)scores[i] }).ToArray());

        AnomalyDetectionMetrics m = ml.AnomalyDetection.Evaluate(data, falsePositiveCount: g.GetProperty("falsePositiveCount").GetInt32());

        Assert.AreEqual(g.GetProperty("AreaUnderRocCurve").GetDouble(), m.AreaUnderRocCurve, Tolerance);
        Assert.AreEqual(g.GetProperty("DetectionRateAtFalsePositiveCount").GetDouble(), m.DetectionRateAtFalsePositiveCount, Tolerance);
    }

    [TestMethod]
    public void Evaluate_names_a_missing_probability_column()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new RegressionRow { Label = 1, Score = 1 } });

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Evaluate(data));

        StringAssert.Contains(e.Message, "'Probability'");
    }

    [TestMethod]
    public void Auc_with_one_class_only_throws()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new BinaryRow { Label = true, Score = 1 }, new BinaryRow { Label = true, Score = 2 } });

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.EvaluateNonCalibrated(data));

        StringAssert.Contains(e.Message, "both classes");
    }

    private sealed class DoubleLabelRow
    {
        public double Label { get; set; }

        public float Score { get; set; }
    }

    private static double[] Doubles(JsonElement g, string name) => g.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static float[][] Matrix(JsonElement g, string name) =>
        g.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray()).ToArray();

    private static void AssertCounts(JsonElement expected, ConfusionMatrix actual)
    {
        double[][] rows = expected.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        Assert.AreEqual(rows.Length, actual.NumberOfClasses);
        for (int i = 0; i < rows.Length; i++)
        {
            CollectionAssert.AreEqual(rows[i], actual.Counts[i].ToArray());
        }
    }

    private sealed class ToleranceComparer : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => Math.Abs((double)x! - (double)y!) <= Tolerance ? 0 : 1;
    }
}
