using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

/// <summary>The conformance every supervised neural trainer passes: each family (MLP, CNN, LSTM) for each task, small
/// networks trained briefly on real data.</summary>
[TestClass]
public sealed class TrainerConformanceTests
{
    /// <summary>Family, task, dataset and the output columns the trainer must add.</summary>
    public static IEnumerable<object[]> Trainers =>
        from family in new[] { "mlp", "cnn", "lstm" }
        from task in new[] { "binary", "multiclass", "regression" }
        select new object[] { family, task, Dataset(family, task), task switch { "binary" => new[] { "Score", "Probability", "PredictedLabel" }, "multiclass" => ["Score", "PredictedLabel"], _ => ["Score"] } };

    /// <summary>The MLP learns the tabular sets; the CNN reads the digits as 8×8 images and the LSTM as 8 steps of 8
    /// pixels (a digit's value is the regression target and "digit ≠ 0" the binary one).</summary>
    public static string Dataset(string family, string task) => family != "mlp" ? "digits" : task switch
    {
        "binary" => "breast-cancer",
        "multiclass" => "iris",
        _ => "boston-housing",
    };

    /// <summary>Small, quick options of a family.</summary>
    public static NeuralNetworkOptions Small(string family, int seed = 7, string features = "Features") => family switch
    {
        "mlp" => new MlpOptions { HiddenLayers = [16], Epochs = 5, BatchSize = 16, Seed = seed, FeatureColumnName = features },
        "cnn" => new CnnOptions { ConvolutionFilters = [4], HiddenLayers = [], Epochs = 1, BatchSize = 32, Seed = seed, FeatureColumnName = features },
        _ => new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [8], Epochs = 1, BatchSize = 32, Seed = seed, FeatureColumnName = features },
    };

    /// <summary>The trainer of a family and task.</summary>
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
    public void ConformanceSchemaSeedPersistenceAndOnnx(string family, string task, string dataset, string[] outputs)
    {
        var ml = new MLContext(1);
        var (train, test) = Split(ml, family, task);
        IEstimator<ITransformer> trainer = Trainer(ml, family, task, Small(family));

        // Schema propagation: the estimator's promise is what the fitted transformer produces.
        var (model, actual) = PipelineChecks.FitKeepingPromise(trainer, train, test, outputs);

        Assert.IsNotNull(actual.GetColumnOrNull("Features"), "input columns are kept");

        // Invalid schema: a missing feature column is named.
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trainer(ml, family, task, Small(family, features: "Nope")).Fit(train));
        StringAssert.Contains(missing.Message, "Nope");

        // Same seed, same model; another seed, another model.
        float[] scores = Scores(model.Transform(test));
        CollectionAssert.AreEqual(scores, Scores(Trainer(ml, family, task, Small(family)).Fit(train).Transform(test)), "same seed, same scores");
        CollectionAssert.AreNotEqual(scores, Scores(Trainer(ml, family, task, Small(family, seed: 8)).Fit(train).Transform(test)), "another seed, other scores");

        // Save → load → identical scores.
        ITransformer loaded = PipelineChecks.SaveAndLoad(ml, model, train);
        CollectionAssert.AreEqual(scores, Scores(loaded.Transform(test)), "scores after save and load");

        // ONNX → ONNX Runtime scores equal the managed engine's.
        var prediction = (IPredictionTransformer<NeuralNetworkModelParameters>)model;
        FeatureRow[] rows = [.. ml.Data.CreateEnumerable<FeatureRow>(test, false)];
        float[] features = [.. rows.SelectMany(r => r.Features)];
        int width = features.Length / rows.Length;
        var exported = PipelineChecks.ScoreExported(ml, model, train, "Features", features, width);
        float[] expected = new NetworkScorer(prediction.Model.Network, ScoringBackend.Managed).Score(features, rows.Length);
        if (task == "multiclass")
        {
            // The multiclass Score is the softmax of the network's outputs, computed here from the managed engine's.
            int classes = expected.Length / rows.Length;
            for (int i = 0; i < expected.Length; i += classes)
            {
                System.Numerics.Tensors.TensorPrimitives.SoftMax(expected.AsSpan(i, classes), expected.AsSpan(i, classes));
            }
        }

        float[] onnxScores = (float[])exported["Score.output"].Data;
        Assert.AreEqual(expected.Length, onnxScores.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], onnxScores[i], 1e-4, $"ONNX score {i}");
        }
    }

    [TestMethod]
    public void EveryExportedTrainerPipelinePassesOnnxChecker()
    {
        OnnxChecker.RequireOnnxPackage();
        using var files = new TempFiles();
        var pipelines = Trainers.Select(t => ((string)t[0], (string)t[1])).Where(t => t.Item1 == "mlp" || t.Item2 == "multiclass").ToArray();
        foreach (var (family, task) in pipelines)
        {
            var ml = new MLContext(1);
            string name = Dataset(family, task);
            IDataView raw = TrainerData.Raw(ml, name);
            ITransformer features = TrainerData.FeaturePreparation(ml).Fit(raw);
            IDataView prepared = features.Transform(raw);
            ITransformer trainer = TrainerData.Label(ml, name, family == "mlp" ? null : task == "multiclass")
                .Append(Trainer(ml, family, task, Small(family))).Fit(prepared).LastTransformer;

            // The label's mapping is for training only; what scores is the feature preparation and the network.
            using FileStream file = File.Create(files.PathOf($"{family}-{task}.onnx"));
            ml.Model.ConvertToOnnx(new TransformerChain<ITransformer>(features, trainer), ml.Transforms.SelectColumns("Features").Fit(raw).Transform(raw), file);
        }

        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, $"{pipelines.Length} of {pipelines.Length} models pass");
    }

    /// <summary>The values of Single column <paramref name="column"/> ("Score" by default), row after row.</summary>
    public static float[] Scores(IDataView scored, string column = "Score")
    {
        DataViewSchema.Column score = scored.Schema[column];
        using DataViewBatchCursor cursor = scored.GetBatchCursor([score]);
        var values = new List<float>();
        while (cursor.MoveNext())
        {
            values.AddRange(cursor.Batch.GetColumn<float>(score).Values);
        }

        return [.. values];
    }

    /// <summary>A row's features.</summary>
    public sealed class FeatureRow
    {
        /// <summary>The "Features" vector.</summary>
        public float[] Features { get; set; } = [];
    }
}
