using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Ensembles;

/// <summary>The supervised trainers' conformance, passed by bagging, voting (soft and hard) and stacking for each task,
/// over small MLP members trained briefly on the tabular sets.</summary>
[TestClass]
public sealed class EnsembleConformanceTests
{
    /// <summary>Method, task and the output columns the ensemble must add.</summary>
    public static IEnumerable<object[]> Ensembles =>
        from method in new[] { "bagging", "soft-voting", "hard-voting", "stacking" }
        from task in new[] { "binary", "multiclass", "regression" }
        where !(method == "hard-voting" && task == "regression")
        select new object[] { method, task, task switch { "binary" => new[] { "Score", "Probability", "PredictedLabel" }, "multiclass" => ["Score", "PredictedLabel"], _ => ["Score"] } };

    /// <summary>A small MLP member of a task.</summary>
    public static IEstimator<ISingleFeaturePredictionTransformer<object>> Member(MLContext ml, string task, int seed, string features = "Features", int[]? hidden = null)
    {
        var options = new MlpOptions { HiddenLayers = hidden ?? [8], Epochs = 3, BatchSize = 16, Seed = seed, FeatureColumnName = features };
        return task switch
        {
            "binary" => ml.BinaryClassification.Trainers.Mlp(options),
            "multiclass" => ml.MulticlassClassification.Trainers.Mlp(options),
            _ => ml.Regression.Trainers.Mlp(options),
        };
    }

    /// <summary>An ensemble of a method and task whose sampling and members are seeded from <paramref name="seed"/>.</summary>
    public static IEstimator<ITransformer> Ensemble(MLContext ml, string method, string task, int seed = 7, string features = "Features")
    {
        IEstimator<ISingleFeaturePredictionTransformer<object>>[] members = [Member(ml, task, seed, features), Member(ml, task, seed + 100, features, [4])];
        EnsembleOptions options = method switch
        {
            "bagging" => new BaggingOptions { Estimator = members[0], NumberOfMembers = 3, FeatureSamplingFraction = 0.75 },
            "stacking" => new StackingOptions { Members = members, NumberOfFolds = 3, Passthrough = task == "regression" },
            _ => new VotingOptions { Members = members, Weights = [2, 1], Voting = method == "hard-voting" ? VotingKind.Hard : VotingKind.Soft },
        };
        options.Seed = seed;
        options.FeatureColumnName = features;
        return (method, task) switch
        {
            ("bagging", "binary") => ml.BinaryClassification.Trainers.Bagging((BaggingOptions)options),
            ("bagging", "multiclass") => ml.MulticlassClassification.Trainers.Bagging((BaggingOptions)options),
            ("bagging", _) => ml.Regression.Trainers.Bagging((BaggingOptions)options),
            ("stacking", "binary") => ml.BinaryClassification.Trainers.Stacking((StackingOptions)options),
            ("stacking", "multiclass") => ml.MulticlassClassification.Trainers.Stacking((StackingOptions)options),
            ("stacking", _) => ml.Regression.Trainers.Stacking((StackingOptions)options),
            (_, "binary") => ml.BinaryClassification.Trainers.Voting((VotingOptions)options),
            (_, "multiclass") => ml.MulticlassClassification.Trainers.Voting((VotingOptions)options),
            _ => ml.Regression.Trainers.Voting((VotingOptions)options),
        };
    }

    [TestMethod]
    [DynamicData(nameof(Ensembles))]
    public void ConformanceSchemaSeedPersistenceAndOnnx(string method, string task, string[] outputs)
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerConformanceTests.Split(ml, "mlp", task);
        IEstimator<ITransformer> ensemble = Ensemble(ml, method, task);

        // Schema propagation: the estimator's promise is what the fitted transformer produces.
        var (model, actual) = PipelineChecks.FitKeepingPromise(ensemble, train, test, outputs);

        Assert.IsNotNull(actual.GetColumnOrNull("Features"), "input columns are kept");
        var ensembleModel = (EnsembleModelParameters)((IPredictionTransformer<object>)model).Model;
        Assert.HasCount(method == "bagging" ? 3 : 2, ensembleModel.Members);

        // Invalid schema: a missing feature column is named, by the estimator's schema check and by Fit.
        IEstimator<ITransformer> misnamed = Ensemble(ml, method, task, features: "Nope");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => misnamed.GetOutputSchema(SchemaShape.Create(train.Schema))).Message, "Nope");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => misnamed.Fit(train)).Message, "Nope");

        // Same seed, same model; another seed, another model.
        float[] scores = TrainerConformanceTests.Scores(model.Transform(test));
        CollectionAssert.AreEqual(scores, TrainerConformanceTests.Scores(Ensemble(ml, method, task).Fit(train).Transform(test)), "same seed, same scores");
        CollectionAssert.AreNotEqual(scores, TrainerConformanceTests.Scores(Ensemble(ml, method, task, seed: 8).Fit(train).Transform(test)), "another seed, other scores");

        // Save → load → identical scores, and the same kind of model.
        ITransformer loaded = PipelineChecks.SaveAndLoad(ml, model, train);
        Assert.AreEqual(model.GetType(), loaded.GetType());
        CollectionAssert.AreEqual(scores, TrainerConformanceTests.Scores(loaded.Transform(test)), "scores after save and load");

        // ONNX → ONNX Runtime: every output column equals the managed one.
        float[] features = [.. ml.Data.CreateEnumerable<TrainerConformanceTests.FeatureRow>(test, false).SelectMany(r => r.Features)];
        int width = ((VectorDataViewType)test.Schema["Features"].Type).Size;
        var exported = PipelineChecks.ScoreExported(ml, model, train, "Features", features, width);
        float[] onnxScores = (float[])exported["Score.output"].Data;
        Assert.HasCount(scores.Length, onnxScores);
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.AreEqual(scores[i], onnxScores[i], 1e-4, $"ONNX score {i}");
        }

        if (task == "binary")
        {
            float[] probabilities = TrainerConformanceTests.Scores(model.Transform(test), "Probability");
            float[] onnxProbabilities = (float[])exported["Probability.output"].Data;
            bool[] onnxLabels = (bool[])exported["PredictedLabel.output"].Data;
            for (int i = 0; i < scores.Length; i++)
            {
                Assert.AreEqual(probabilities[i], onnxProbabilities[i], 1e-5, $"ONNX probability {i}");
                Assert.AreEqual(scores[i] > 0, onnxLabels[i], $"ONNX label {i}");
            }
        }
    }
}
