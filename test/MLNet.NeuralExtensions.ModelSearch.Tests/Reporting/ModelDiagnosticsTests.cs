using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.ModelSearch.Reporting;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.ModelSearch.Tests.Reporting;

/// <summary>The best model's diagnostics against ML.NET's evaluators on the same held-out rows.</summary>
[TestClass]
public sealed class ModelDiagnosticsTests
{
    [TestMethod]
    public void BinaryCurvesAndConfusionMatchMlNetsEvaluationOfTheHeldOutRows()
    {
        Searched s = SearchedReports.Of(ModelSearchTask.BinaryClassification);
        ModelDiagnostics d = s.Report.Diagnostics!;
        IDataView scored = Scored(s);
        BinaryClassificationMetrics metrics = s.ML.BinaryClassification.EvaluateNonCalibrated(scored);
        bool[] labels = [.. scored.GetColumn<bool>("Label")];
        int positives = labels.Count(l => l);

        Assert.AreEqual(s.Result.BestTrial.Number, d.TrialNumber);
        Assert.AreEqual(metrics.AreaUnderRocCurve, d.Roc!.Area(), 1e-6);
        Assert.AreEqual((0.0, 0.0), (d.Roc.X[0], d.Roc.Y[0]));
        Assert.AreEqual((1.0, 1.0), (d.Roc.X[^1], d.Roc.Y[^1]));
        Assert.AreEqual(1.0, d.PrecisionRecall!.X[^1], 1e-12);
        Assert.AreEqual((double)positives / labels.Length, d.PrecisionRecall.Y[^1], 1e-12);
        CollectionAssert.AreEqual(new[] { "pos", "neg" }, d.Confusion!.Classes.ToArray());
        Assert.AreEqual(labels.Length, d.Confusion.Total(), 1e-9);
        Assert.AreEqual(positives, d.Confusion.Counts[0].Sum(), 1e-9);
        Assert.AreEqual(metrics.Accuracy, (d.Confusion.Counts[0][0] + d.Confusion.Counts[1][1]) / labels.Length, 1e-9);
        Assert.IsNull(d.Residuals);
        Assert.IsNull(d.SomMap);
    }

    [TestMethod]
    public void BinaryImportanceRanksEveryFeatureColumnWithGlucoseFirst()
    {
        Searched s = SearchedReports.Of(ModelSearchTask.BinaryClassification);
        ModelDiagnostics d = s.Report.Diagnostics!;
        Assert.AreEqual("Accuracy", d.ImportanceMetric);
        CollectionAssert.AreEquivalent(s.Result.Analysis.FeatureColumns.Select(c => c.Name).ToArray(), d.Importance.Select(i => i.ColumnName).ToArray());
        Assert.AreEqual("glucose", d.Importance[0].ColumnName);
        Assert.IsGreaterThan(0.02, d.Importance[0].Decrease);
        CollectionAssert.AreEqual(d.Importance.OrderByDescending(i => i.Decrease).ToArray(), d.Importance.ToArray());
    }

    [TestMethod]
    public void LearningCurvesAreTheBestNetworkTrialsHistory()
    {
        foreach ((ModelSearchTask task, TrainerFamily family) in new[] { (ModelSearchTask.BinaryClassification, TrainerFamily.Mlp), (ModelSearchTask.AnomalyDetection, TrainerFamily.Autoencoder) })
        {
            Searched s = SearchedReports.Of(task);
            LearningCurve curve = s.Report.Diagnostics!.LearningCurve!;
            ModelSearchTrial network = s.Result.Trials.Single(t => t.Number == curve.TrialNumber);
            Assert.AreEqual(family, network.Family);
            Assert.IsTrue(s.Result.Leaderboard().Where(t => t.Family == family).First() == network, $"{task}: trial {network.Number} is not the best {family} trial.");
            var history = NeuralNetworkModelParameters.From(network.Model!).History;
            CollectionAssert.AreEqual(history.Epochs.Select(e => e.Loss).ToArray(), curve.Loss.ToArray());
            CollectionAssert.AreEqual(Enumerable.Range(1, history.Epochs.Count).ToArray(), curve.Epochs.ToArray());
            Assert.AreEqual(history.BestEpoch, curve.BestEpoch);
        }
    }

    [TestMethod]
    public void MulticlassConfusionIsMlNetsOverTheLabelsClasses()
    {
        Searched s = SearchedReports.Of(ModelSearchTask.MulticlassClassification);
        ModelDiagnostics d = s.Report.Diagnostics!;
        IDataView scored = Scored(s);
        MulticlassClassificationMetrics metrics = s.ML.MulticlassClassification.Evaluate(scored);
        long rows = scored.GetColumn<uint>("Label").LongCount();

        CollectionAssert.AreEqual(new[] { "setosa", "versicolor", "virginica" }, d.Confusion!.Classes.ToArray());
        Assert.AreEqual(rows, d.Confusion.Total(), 1e-9);
        Assert.AreEqual(metrics.MicroAccuracy, Enumerable.Range(0, 3).Sum(i => d.Confusion.Counts[i][i]) / rows, 1e-9);
        Assert.IsNull(d.Roc);
        Assert.HasCount(4, d.Importance);
    }

    [TestMethod]
    public void RegressionResidualsAreLabelMinusScore()
    {
        Searched s = SearchedReports.Of(ModelSearchTask.Regression);
        ResidualPoints residuals = s.Report.Diagnostics!.Residuals!;
        IDataView scored = Scored(s);
        float[] labels = [.. scored.GetColumn<float>("Label")], scores = [.. scored.GetColumn<float>("Score")];

        Assert.HasCount(labels.Length, residuals.Residuals);
        for (int i = 0; i < labels.Length; i++)
        {
            Assert.AreEqual(scores[i], residuals.Predicted[i], 0.0);
            Assert.AreEqual((double)labels[i] - scores[i], residuals.Residuals[i], 0.0);
        }
        Assert.IsNull(s.Report.Diagnostics.Confusion);
        CollectionAssert.Contains(new[] { "lstat", "rm" }, s.Report.Diagnostics.Importance[0].ColumnName, "Boston's strongest columns are lstat and rm.");
    }

    [TestMethod]
    public void AnomalyRocAreaIsMlNetsAndThereIsNoConfusionMatrix()
    {
        Searched s = SearchedReports.Of(ModelSearchTask.AnomalyDetection);
        ModelDiagnostics d = s.Report.Diagnostics!;
        IDataView scored = Scored(s);
        AnomalyDetectionMetrics metrics = s.ML.AnomalyDetection.Evaluate(scored);

        Assert.AreEqual(metrics.AreaUnderRocCurve, d.Roc!.Area(), 1e-6);
        Assert.IsNotNull(d.PrecisionRecall);
        Assert.IsNull(d.Confusion);
        Assert.AreEqual("AreaUnderRocCurve", d.ImportanceMetric);
        Assert.HasCount(9, d.Importance);
    }

    [TestMethod]
    public void ClusteringShowsTheBestMapsUMatrixAndNoImportance()
    {
        Searched s = SearchedReports.Of(ModelSearchTask.Clustering);
        ModelDiagnostics d = s.Report.Diagnostics!;
        SomMap map = d.SomMap!;
        ModelSearchTrial trial = s.Result.Trials.Single(t => t.Number == map.TrialNumber);
        SomModelParameters som = ((IEnumerable<ITransformer>)trial.Model!).OfType<IPredictionTransformer<SomModelParameters>>().Single().Model;

        Assert.AreEqual(TrainerFamily.Som, trial.Family);
        CollectionAssert.AreEqual(som.GetUMatrix(), map.Values.ToArray());
        Assert.AreEqual((som.Width, som.Height, som.Topology), (map.Width, map.Height, map.Topology));
        Assert.IsEmpty(d.Importance);
        Assert.IsNull(d.ImportanceMetric);
        Assert.IsNull(d.Roc);
        Assert.IsNull(d.Confusion);
        Assert.IsNull(d.LearningCurve);
        byte[] png = map.ToPng();
        CollectionAssert.AreEqual(new byte[] { 137, 80, 78, 71 }, png.Take(4).ToArray());
    }

    private static IDataView Scored(Searched s) => s.Result.BestTrial.Model!.Transform(s.Result.BestTrial.HeldOutData!);
}
