using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.ModelSearch.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.ModelSearch.Tests;

[TestClass]
public sealed class ModelSearchExperimentTests
{
    public TestContext TestContext { get; set; } = null!;

    private static ModelSearchResult Search(ModelSearchSettings settings, string dataset, string? validation = null, IProgress<ModelSearchProgress>? progress = null, CancellationToken cancellation = default) =>
        new ModelSearchExperiment(new MLContext(1), settings).Run(Datasets.Path(dataset), validation, progress, cancellation);

    private void Print(ModelSearchResult result)
    {
        foreach (ModelSearchTrial t in result.Leaderboard())
        {
            TestContext.WriteLine($"{t.Number,3} {t.Family,-13} {t.RowFraction,5:P0} {t.Status,-9} {t.Metric(result.OptimizingMetric),8:F4} {t.Duration.TotalSeconds,6:F2}s {t.Settings} {t.Error}");
        }
        TestContext.WriteLine($"elapsed {result.Elapsed.TotalSeconds:F1} s of {result.Settings.TrainingTime.TotalSeconds:F0} s; refit on all rows: {result.TrainedOnAllRows}");
    }

    [TestMethod]
    public void BinarySearchRacesEveryFamilyAndItsEnsemblesWithinTheBudget()
    {
        var seen = new List<ModelSearchProgress>();
        var settings = new ModelSearchSettings { Task = ModelSearchTask.BinaryClassification, LabelColumnName = "diabetes", TrainingTime = TimeSpan.FromSeconds(30), CrossValidationFolds = 3 };
        ModelSearchResult result = Search(settings, "pima-diabetes.csv", progress: new SynchronousProgress<ModelSearchProgress>(seen.Add));
        Print(result);

        CollectionAssert.IsSubsetOf(new[] { TrainerFamily.Linear, TrainerFamily.FastTree, TrainerFamily.LightGbm, TrainerFamily.Mlp, TrainerFamily.Ensemble },
            result.Trials.Select(t => t.Family).Distinct().ToArray());
        Assert.IsGreaterThan(0.74, result.BestTrial.Metric("Accuracy"));
        Assert.AreSame(result.Leaderboard().First(), result.BestTrial);
        Assert.IsTrue(result.TrainedOnAllRows);
        // The budget is a contract of the search, not a speed claim: a trial still running at the deadline is stopped.
        Assert.IsLessThan(settings.TrainingTime.TotalSeconds * 1.25, result.Elapsed.TotalSeconds);
        Assert.AreEqual(result.Trials.Count, seen.Count(p => p.Stage == ModelSearchStage.TrialStarted));
        Assert.AreEqual(result.Trials.Count, seen.Count(p => p.Stage == ModelSearchStage.TrialEnded));
        Assert.AreEqual(ModelSearchStage.Finished, seen[^1].Stage);
    }

    [TestMethod]
    public void TheSavedModelScoresRowsWithoutTheLabelInAnotherContext()
    {
        using var files = new TempFiles();
        var settings = new ModelSearchSettings { Task = ModelSearchTask.MulticlassClassification, LabelColumnName = "Species", TrainingTime = TimeSpan.FromSeconds(6), CrossValidationFolds = 3 };
        ModelSearchResult result = Search(settings, "iris.csv");
        Print(result);
        Assert.IsGreaterThan(0.9, result.BestTrial.Metric("MicroAccuracy"));
        string path = files.PathOf("model.zip");
        var ml = new MLContext(2);
        result.Save(ml, path);
        Assert.AreEqual(1, Directory.GetFiles(files.Root).Length, "no temporary file is left");

        ITransformer loaded = ml.Model.Load(path, out _);
        IDataView rows = ml.Data.TakeRows(ml.Transforms.DropColumns("Species").Fit(result.Analysis.Load(ml)).Transform(result.Analysis.Load(ml)), 150);
        string[] predicted = [.. loaded.Transform(rows).GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => p.ToString())];
        string[] truth = [.. result.Analysis.Load(ml).GetColumn<ReadOnlyMemory<char>>("Species").Select(p => p.ToString())];
        Assert.IsGreaterThan(0.9, predicted.Zip(truth).Count(p => p.First == p.Second) / 150.0, "the class text comes back");
        Assert.IsGreaterThan(0.9, result.Evaluate(ml, Datasets.Path("iris.csv"))["MicroAccuracy"], "Evaluate scores another file with ML.NET's evaluator");

        Assert.Throws<DirectoryNotFoundException>(() => result.Save(ml, files.PathOf("absent/model.zip")));
        Assert.IsFalse(Directory.Exists(files.PathOf("absent")));
        result.Save(ml, path);
        Assert.AreEqual(1, Directory.GetFiles(files.Root).Length, "saving again replaces the file");
    }

    [TestMethod]
    public void RegressionOnBostonHousing()
    {
        var settings = new ModelSearchSettings { Task = ModelSearchTask.Regression, LabelColumnName = "medv", TrainingTime = TimeSpan.FromSeconds(8), CrossValidationFolds = 3 };
        ModelSearchResult result = Search(settings, "boston-housing.csv");
        Print(result);
        Assert.AreEqual("RSquared", result.OptimizingMetric);
        Assert.IsGreaterThan(0.75, result.BestTrial.Metric("RSquared"));
    }

    [TestMethod]
    public void AnomalyDetectionOnBreastCancerIsEvaluatedByTheLabelOnly()
    {
        var settings = new ModelSearchSettings { Task = ModelSearchTask.AnomalyDetection, LabelColumnName = "Class", TrainingTime = TimeSpan.FromSeconds(8), CrossValidationFolds = 2 };
        ModelSearchResult result = Search(settings, "breast-cancer.csv");
        Print(result);
        Assert.AreEqual("malignant", result.Analysis.PositiveClass, "the rarer class is the anomaly");
        CollectionAssert.IsSubsetOf(new[] { TrainerFamily.RandomizedPca, TrainerFamily.Autoencoder }, result.Trials.Select(t => t.Family).Distinct().ToArray());
        Assert.IsGreaterThan(0.8, result.BestTrial.Metric("AreaUnderRocCurve"));
    }

    [TestMethod]
    public void ClusteringWithALabelTakesItsClassCountAndRanksByMutualInformation()
    {
        var settings = new ModelSearchSettings { Task = ModelSearchTask.Clustering, LabelColumnName = "cultivar", TrainingTime = TimeSpan.FromSeconds(6), CrossValidationFolds = 0 };
        ModelSearchResult result = Search(settings, "wine.csv");
        Print(result);
        Assert.AreEqual("NormalizedMutualInformation", result.OptimizingMetric);
        CollectionAssert.IsSubsetOf(new[] { TrainerFamily.KMeans, TrainerFamily.Som }, result.Trials.Select(t => t.Family).Distinct().ToArray());
        Assert.IsGreaterThan(0.7, result.BestTrial.Metric("NormalizedMutualInformation"));
    }

    [TestMethod]
    public void ClusteringWithoutALabelSearchesTheNumberOfClustersByDaviesBouldin()
    {
        var settings = new ModelSearchSettings { Task = ModelSearchTask.Clustering, LabelColumnName = null, IgnoreColumns = ["Species"], TrainingTime = TimeSpan.FromSeconds(5), CrossValidationFolds = 0 };
        ModelSearchResult result = Search(settings, "iris.csv");
        Print(result);
        Assert.AreEqual("DaviesBouldinIndex", result.OptimizingMetric);
        Assert.IsFalse(SearchMetric.IsHigherBetter(result.OptimizingMetric));
        double[] completed = [.. result.Trials.Where(t => t.Status == TrialStatus.Completed).Select(t => t.Metric("DaviesBouldinIndex"))];
        Assert.AreEqual(completed.Min(), result.BestTrial.Metric("DaviesBouldinIndex"), "lower is better");
        Assert.IsTrue(result.Trials.Any(t => t.Settings.Contains("NumberOfClusters=", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void SmoteTrialsAdaptTheirNeighboursToTheRarestClass()
    {
        // glass: the rarest of its six classes holds 9 of 214 rows (4 %), 5 or 6 of a fold's training rows, too few for
        // SMOTE's 5 neighbours.
        var settings = new ModelSearchSettings
        {
            Task = ModelSearchTask.MulticlassClassification, LabelColumnName = "Type", TrainingTime = TimeSpan.FromSeconds(15), CrossValidationFolds = 3,
            Families = [TrainerFamily.Mlp],
        };
        ModelSearchResult result = Search(settings, "glass.csv");
        Print(result);
        ModelSearchTrial[] smote = [.. result.Trials.Where(t => t.Imbalance == ImbalanceTreatment.Smote)];
        Assert.IsNotEmpty(smote);
        Assert.IsTrue(smote.All(t => t.Status != TrialStatus.Failed), string.Join("; ", smote.Select(t => t.Error)));
        Assert.IsTrue(smote.All(t => t.Settings.EndsWith(", Smote", StringComparison.Ordinal)), "the leaderboard names the treatment");

        var balanced = new ModelSearchSettings { Task = ModelSearchTask.MulticlassClassification, LabelColumnName = "Species", TrainingTime = TimeSpan.FromSeconds(4), CrossValidationFolds = 2 };
        Assert.IsTrue(Search(balanced, "iris.csv").Trials.All(t => t.Imbalance == ImbalanceTreatment.None), "iris' classes are a third each");
    }

    [TestMethod]
    public void SuccessiveHalvingPromotesTheBestOfEachRung()
    {
        var settings = new ModelSearchSettings
        {
            Task = ModelSearchTask.BinaryClassification, LabelColumnName = "type", TrainingTime = TimeSpan.FromSeconds(25), CrossValidationFolds = 0,
            Families = [TrainerFamily.FastTree, TrainerFamily.LightGbm, TrainerFamily.Linear],
        };
        ModelSearchResult result = Search(settings, "spam.csv");
        Print(result);
        double[] rungs = [.. result.Trials.Select(t => t.RowFraction).Distinct().Order()];
        Assert.HasCount(3, rungs, "3680 training rows allow rungs of 1/9, 1/3 and all of them");
        foreach (ModelSearchTrial promoted in result.Trials.Where(t => t.RowFraction < 1 && t.RowFraction > rungs[0]))
        {
            Assert.IsTrue(result.Trials.Any(t => t.RowFraction == rungs[0] && t.Settings == promoted.Settings && t.Family == promoted.Family && t.Number < promoted.Number),
                $"trial {promoted.Number} ran on the lowest rung first");
        }
        Assert.IsGreaterThan(0.93, result.BestTrial.Metric("Accuracy"));
    }

    [TestMethod]
    public void AValidationFileReplacesCrossValidation()
    {
        using var files = new TempFiles();
        string[] lines = File.ReadAllLines(Datasets.Path("pima-diabetes.csv"));
        string train = files.Write("train.csv", [lines[0], .. lines[1..600]]);
        string validation = files.Write("validation.csv", [lines[0], .. lines[600..]]);
        var settings = new ModelSearchSettings { Task = ModelSearchTask.BinaryClassification, LabelColumnName = "diabetes", TrainingTime = TimeSpan.FromSeconds(5) };
        ModelSearchResult result = new ModelSearchExperiment(new MLContext(1), settings).Run(train, validation);
        Print(result);
        Assert.AreEqual(599L, result.Analysis.Rows);
        Assert.IsTrue(result.TrainedOnAllRows, "every trial on the last rung trained on all the training file's rows");
        Assert.AreEqual(lines.Length - 600, result.BestTrial.HeldOutData!.GetColumn<bool>("Label").Count());

        string lacking = files.Write("lacking.csv", [.. lines.Select(l => l[(l.IndexOf(',') + 1)..])]);
        var e = Assert.Throws<InvalidDataException>(() => new ModelSearchExperiment(new MLContext(1), settings).Run(train, lacking));
        StringAssert.Contains(e.Message, "lacks the column(s) pregnant");
    }

    [TestMethod]
    public void CancellingKeepsTheBestModelSoFar()
    {
        using var stop = new CancellationTokenSource();
        var settings = new ModelSearchSettings { Task = ModelSearchTask.BinaryClassification, LabelColumnName = "diabetes", TrainingTime = TimeSpan.FromMinutes(5), CrossValidationFolds = 3 };
        void Report(ModelSearchProgress p)
        {
            if (p.Stage == ModelSearchStage.TrialEnded && p.Trial!.Number == 3)
            {
                stop.Cancel();
            }
        }
        ModelSearchResult result = Search(settings, "pima-diabetes.csv", progress: new SynchronousProgress<ModelSearchProgress>(Report), cancellation: stop.Token);
        Print(result);
        Assert.IsTrue(result.WasCancelled);
        Assert.HasCount(3, result.Trials);
        Assert.IsFalse(result.TrainedOnAllRows, "a cancelled search does not train again");
        Assert.IsNotNull(result.Model);
        Assert.IsLessThan(60.0, result.Elapsed.TotalSeconds);
    }

    [TestMethod]
    public void ABudgetTooShortForAnyTrialSaysSo()
    {
        var settings = new ModelSearchSettings { Task = ModelSearchTask.BinaryClassification, LabelColumnName = "diabetes", TrainingTime = TimeSpan.FromMilliseconds(1) };
        var e = Assert.Throws<TimeoutException>(() => Search(settings, "pima-diabetes.csv"));
        StringAssert.Contains(e.Message, "give the search more time");
    }

    [TestMethod]
    public void SettingsOutOfRangeAreRefusedByName()
    {
        var ml = new MLContext(1);
        Assert.AreEqual("TrainingTime", Assert.Throws<ArgumentOutOfRangeException>(() => new ModelSearchExperiment(ml, new ModelSearchSettings { TrainingTime = TimeSpan.Zero })).ParamName);
        Assert.AreEqual("CrossValidationFolds", Assert.Throws<ArgumentOutOfRangeException>(() => new ModelSearchExperiment(ml, new ModelSearchSettings { CrossValidationFolds = 1 })).ParamName);
        var metric = Assert.Throws<ArgumentOutOfRangeException>(() => new ModelSearchExperiment(ml, new ModelSearchSettings { Task = ModelSearchTask.Regression, OptimizingMetric = "Accuracy" }));
        StringAssert.Contains(metric.Message, "RSquared");
    }
}
