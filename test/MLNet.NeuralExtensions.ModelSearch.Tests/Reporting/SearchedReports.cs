using Microsoft.ML;
using MLNet.NeuralExtensions.ModelSearch.Reporting;
using MLNet.NeuralExtensions.ModelSearch.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.ModelSearch.Tests.Reporting;

/// <summary>One short search per task on the shared small datasets (4–8 s, two folds, a network or map family and a
/// quick ML.NET one), run once for all the report's tests, with its report.</summary>
internal static class SearchedReports
{
    private static readonly Dictionary<ModelSearchTask, Lazy<Searched>> Searches = new()
    {
        [ModelSearchTask.BinaryClassification] = Search(ModelSearchTask.BinaryClassification, "pima-diabetes.csv", "diabetes", [TrainerFamily.Linear, TrainerFamily.Mlp], 8),
        [ModelSearchTask.MulticlassClassification] = Search(ModelSearchTask.MulticlassClassification, "iris.csv", "Species", [TrainerFamily.Linear, TrainerFamily.Mlp], 4),
        [ModelSearchTask.Regression] = Search(ModelSearchTask.Regression, "boston-housing.csv", "medv", [TrainerFamily.Linear, TrainerFamily.Mlp], 6),
        [ModelSearchTask.AnomalyDetection] = Search(ModelSearchTask.AnomalyDetection, "breast-cancer.csv", "Class", [TrainerFamily.RandomizedPca, TrainerFamily.Autoencoder], 8),
        [ModelSearchTask.Clustering] = Search(ModelSearchTask.Clustering, "wine.csv", "cultivar", [TrainerFamily.KMeans, TrainerFamily.Som], 4),
    };

    /// <summary>Every task.</summary>
    public static IEnumerable<object[]> Tasks => Searches.Keys.Select(t => new object[] { t });

    /// <summary>The search of <paramref name="task"/>, run on first use.</summary>
    public static Searched Of(ModelSearchTask task) => Searches[task].Value;

    private static Lazy<Searched> Search(ModelSearchTask task, string dataset, string label, TrainerFamily[] families, int seconds) => new(() =>
    {
        var ml = new MLContext(1);
        var settings = new ModelSearchSettings
        {
            Task = task, LabelColumnName = label, TrainingTime = TimeSpan.FromSeconds(seconds), CrossValidationFolds = 2, Families = families,
        };
        ModelSearchResult result = new ModelSearchExperiment(ml, settings).Run(Datasets.Path(dataset));
        return new Searched(ml, result, ModelSearchReport.Create(ml, result));
    });
}

/// <summary>A search, its context and its report.</summary>
internal sealed record Searched(MLContext ML, ModelSearchResult Result, ModelSearchReport Report);
