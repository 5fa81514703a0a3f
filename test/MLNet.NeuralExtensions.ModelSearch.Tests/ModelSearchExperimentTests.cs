using Microsoft.ML;
using MLNet.NeuralExtensions.ModelSearch.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.ModelSearch.Tests;

[TestClass]
public sealed class ModelSearchExperimentTests
{
    [TestMethod]
    public void BinarySearchOnPimaRacesEveryFamilyWithinTheBudget()
    {
        var ml = new MLContext(1);
        var progress = new List<ModelSearchProgress>();
        var settings = new ModelSearchSettings { Task = ModelSearchTask.BinaryClassification, LabelColumnName = "diabetes", TrainingTime = TimeSpan.FromSeconds(20), CrossValidationFolds = 3 };
        ModelSearchResult result = new ModelSearchExperiment(ml, settings).Run(Datasets.Path("pima-diabetes.csv"), progress: new SynchronousProgress<ModelSearchProgress>(progress.Add));
        foreach (var t in result.Leaderboard())
        {
            Console.WriteLine($"{t.Number} {t.Family} {t.Settings} {t.RowFraction:F2} {t.Status} {t.Metric("Accuracy"):F4} {t.Duration.TotalSeconds:F2}s {t.Error}");
        }
        Console.WriteLine($"elapsed {result.Elapsed.TotalSeconds:F1} refit {result.TrainedOnAllRows}");
        Assert.AreEqual("pos", result.Analysis.PositiveClass);
        CollectionAssert.IsSubsetOf(new[] { TrainerFamily.Linear, TrainerFamily.FastTree, TrainerFamily.LightGbm, TrainerFamily.Mlp }, result.Trials.Select(t => t.Family).Distinct().ToArray());
        Assert.IsGreaterThan(0.72, result.BestTrial.Metric("Accuracy"));
        Assert.IsLessThan(22.0, result.Elapsed.TotalSeconds);
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
