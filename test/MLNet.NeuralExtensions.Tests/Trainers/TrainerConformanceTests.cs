using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

/// <summary>The conformance every supervised neural trainer passes as an ML.NET trainer: each family (MLP, CNN, LSTM) for
/// each task, small networks trained briefly on real data.</summary>
[TestClass]
public sealed class TrainerConformanceTests
{
    /// <summary>Family, task, and the output columns ML.NET's prediction transformer of the task adds.</summary>
    public static IEnumerable<object[]> Trainers =>
        from family in new[] { "mlp", "cnn", "lstm" }
        from task in new[] { "binary", "multiclass", "regression" }
        select new object[] { family, task, task switch { "binary" => new[] { "Score", "Probability", "PredictedLabel" }, "multiclass" => ["Score", "PredictedLabel"], _ => ["Score"] } };

    /// <summary>The MLP learns tabular sets; the CNN reads the digits as 8×8 images and the LSTM as 8 steps of 8 pixels.</summary>
    public static string Dataset(string family, string task) => family != "mlp" ? "digits" : task switch
    {
        "binary" => "breast-cancer",
        "multiclass" => "iris",
        _ => "boston-housing",
    };

    /// <summary>Small, quick options of a family.</summary>
    public static NeuralNetworkOptions Small(string family, int? seed = 7, string features = "Features") => family switch
    {
        "mlp" => new MlpOptions { HiddenLayers = [16], Epochs = 5, BatchSize = 16, Seed = seed, FeatureColumnName = features },
        "cnn" => new CnnOptions { ConvolutionFilters = [4], HiddenLayers = [], Epochs = 1, BatchSize = 32, Seed = seed, FeatureColumnName = features },
        _ => new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [8], Epochs = 1, BatchSize = 32, Seed = seed, FeatureColumnName = features },
    };

    /// <summary>The trainer of a family and task, from ML.NET's catalogs.</summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml, string family, string task, NeuralNetworkOptions options) => (family, task) switch
    {
        ("mlp", "binary") => ml.BinaryClassification.Trainers.Mlp((MlpOptions)options),
        ("mlp", "multiclass") => ml.MulticlassClassification.Trainers.Mlp((MlpOptions)options),
        ("mlp", _) => ml.Regression.Trainers.Mlp((MlpOptions)options),
        ("cnn", "binary") => ml.BinaryClassification.Trainers.Cnn((CnnOptions)options),
        ("cnn", "multiclass") => ml.MulticlassClassification.Trainers.Cnn((CnnOptions)options),
        ("cnn", _) => ml.Regression.Trainers.Cnn((CnnOptions)options),
        (_, "binary") => ml.BinaryClassification.Trainers.Lstm((LstmOptions)options),
        (_, "multiclass") => ml.MulticlassClassification.Trainers.Lstm((LstmOptions)options),
        _ => ml.Regression.Trainers.Lstm((LstmOptions)options),
    };

    /// <summary>The task's split of the family's dataset, the label a key for multiclass only.</summary>
    public static (IDataView Train, IDataView Test) Split(MLContext ml, string family, string task) =>
        TrainerData.Split(ml, Dataset(family, task), keyLabel: family == "mlp" ? null : task == "multiclass");

    [TestMethod]
    [DynamicData(nameof(Trainers))]
    public void SchemaSeedsAndASecondProcessAgree(string family, string task, string[] outputs)
    {
        var ml = new MLContext(1);
        var (train, test) = Split(ml, family, task);
        ITransformer model = Trainer(ml, family, task, Small(family)).Fit(train);
        IDataView scored = model.Transform(test);

        // ML.NET's prediction transformer of the task, over the typed model, adding the task's columns.
        Assert.IsInstanceOfType<ISingleFeaturePredictionTransformer<NeuralNetworkModelParameters>>(model);
        foreach (string column in outputs)
        {
            Assert.IsNotNull(scored.Schema.GetColumnOrNull(column), $"{column} is added");
        }

        Assert.IsNotNull(scored.Schema.GetColumnOrNull("Features"), "input columns are kept");

        // A missing feature column is named.
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trainer(ml, family, task, Small(family, features: "Nope")).Fit(train));
        StringAssert.Contains(missing.Message, "Nope");

        // Same seed, same model; another seed, another model; no seed: the MLContext's.
        float[] scores = TrainerData.Scores(scored);
        CollectionAssert.AreEqual(scores, TrainerData.Scores(Trainer(ml, family, task, Small(family)).Fit(train).Transform(test)), "same seed, same scores");
        CollectionAssert.AreNotEqual(scores, TrainerData.Scores(Trainer(ml, family, task, Small(family, seed: 8)).Fit(train).Transform(test)), "another seed, other scores");
        float[] FromContext(int seed) => TrainerData.Scores(Trainer(new MLContext(seed), family, task, Small(family, seed: null)).Fit(train).Transform(test));
        CollectionAssert.AreEqual(FromContext(3), FromContext(3), "the MLContext's seed, when the options set none");
        CollectionAssert.AreNotEqual(FromContext(3), FromContext(4), "another MLContext seed, other scores");

        // Saved here, loaded in another process with no call into the package: identical outputs.
        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, test, files);
        foreach (string column in outputs)
        {
            if (column == "PredictedLabel")
            {
                CollectionAssert.AreEqual(Labels(scored), Labels(child), "PredictedLabel in the second process");
            }
            else
            {
                CollectionAssert.AreEqual(TrainerData.Scores(scored, column), TrainerData.Scores(child, column), $"{column} in the second process");
            }
        }
    }

    /// <summary>PredictedLabel as text, whether Boolean or a key.</summary>
    private static string[] Labels(IDataView scored)
    {
        DataViewSchema.Column column = scored.Schema["PredictedLabel"];
        return column.Type is BooleanDataViewType
            ? [.. scored.GetColumn<bool>(column).Select(b => b.ToString())]
            : [.. scored.GetColumn<uint>(column).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }
}
