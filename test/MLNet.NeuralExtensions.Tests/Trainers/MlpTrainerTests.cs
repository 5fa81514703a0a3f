using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

[TestClass]
public sealed class MlpTrainerTests
{
    private static MlpOptions Small(int seed = 7) => new() { HiddenLayers = [16], Epochs = 5, BatchSize = 16, Seed = seed };

    [TestMethod]
    public void BinaryOutputsAreLogitSigmoidAndThreshold()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var model = ml.BinaryClassification.Trainers.Mlp(Small()).Fit(train);
        NeuralNetworkModelParameters network = model.Model;
        Assert.AreEqual(1, network.Network.OutputShape.Size);
        var rows = ml.Data.CreateEnumerable<BinaryScored>(model.Transform(test), false).ToArray();
        Assert.IsTrue(rows.Any(r => r.PredictedLabel) && rows.Any(r => !r.PredictedLabel), "both classes are predicted");
        foreach (var r in rows)
        {
            Assert.AreEqual(1 / (1 + Math.Exp(-r.Score)), r.Probability, 1e-6, "Probability = σ(Score)");
            Assert.AreEqual(r.Score > 0, r.PredictedLabel, "PredictedLabel = Score > 0");
        }

        // ML.NET's calibrated evaluator reads the Probability column.
        CalibratedBinaryClassificationMetrics metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Assert.IsTrue(metrics.LogLoss > 0 && metrics.AreaUnderRocCurve > 0.9, $"log loss {metrics.LogLoss}, AUC {metrics.AreaUnderRocCurve}");
    }

    [TestMethod]
    public void MulticlassScoresAreProbabilitiesNamedByTheLabelsKeys()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "iris");
        var model = ml.MulticlassClassification.Trainers.Mlp(Small()).Fit(train);
        Assert.AreEqual(3, model.Model.ClassCount);
        IDataView scored = model.Transform(test);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        CollectionAssert.AreEqual(new[] { "setosa", "versicolor", "virginica" }, slotNames.DenseValues().Select(n => n.ToString()).ToArray());
        Assert.AreEqual(train.Schema["Label"].Type, scored.Schema["PredictedLabel"].Type, "PredictedLabel has the label's key type");
        IDataView named = ml.Transforms.Conversion.MapKeyToValue("Species", "PredictedLabel").Fit(scored).Transform(scored);
        var rows = ml.Data.CreateEnumerable<MulticlassScored>(named, false).ToArray();
        foreach (var r in rows)
        {
            Assert.AreEqual(1.0, r.Score.Sum(), 1e-5, "the scores of a row sum to 1");
            Assert.AreEqual(Array.IndexOf(r.Score, r.Score.Max()) + 1, (int)r.PredictedLabel, "PredictedLabel is the most probable class");
            Assert.AreEqual(slotNames.DenseValues().ElementAt((int)r.PredictedLabel - 1).ToString(), r.Species);
        }
    }

    [TestMethod]
    [DataRow("breast-cancer", 0.98)]
    [DataRow("spam", 0.93)]
    public void BinaryQualityFloors(string dataset, double floor)
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, dataset);
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [64, 32], Epochs = dataset == "spam" ? 20 : 40, Seed = 1 }).Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        double measured = dataset == "spam" ? metrics.Accuracy : metrics.AreaUnderRocCurve;
        Assert.IsTrue(measured >= floor, $"{dataset}: {(dataset == "spam" ? "accuracy" : "AUC")} {measured:F4} is below {floor}");
        var losses = model.Model.History.Epochs.Select(e => e.Loss).ToArray();
        Assert.IsTrue(losses[^1] < losses[0] / 2, $"the training loss falls: {losses[0]:F4} → {losses[^1]:F4}");
    }

    [TestMethod]
    public void IrisMicroAccuracyFloor()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "iris");
        var model = ml.MulticlassClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [32], Epochs = 100, Seed = 1 }).Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.IsTrue(metrics.MicroAccuracy >= 0.93, $"iris micro-accuracy {metrics.MicroAccuracy:F4}");
    }

    [TestMethod]
    public void BostonHousingRSquaredFloorWithTheLabelStandardizedInsideTheModel()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "boston-housing");
        var model = ml.Regression.Trainers.Mlp(new MlpOptions { HiddenLayers = [64, 32], Epochs = 200, Seed = 1 }).Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        Assert.IsTrue(metrics.RSquared >= 0.80, $"boston-housing R² {metrics.RSquared:F4}");

        // The network learned the standardized label: the model maps its output back with the training mean and deviation.
        float[] labels = [.. train.GetColumn<float>("Label")];
        double mean = labels.Average();
        Assert.AreEqual(mean, model.Model.LabelOffset, 1e-3);
        Assert.AreEqual(Math.Sqrt(labels.Select(l => (l - mean) * (l - mean)).Average()), model.Model.LabelScale, 1e-3);
        var raw = ml.Regression.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 1, Seed = 1, StandardizeLabel = false }).Fit(train).Model;
        Assert.AreEqual((0f, 1f), (raw.LabelOffset, raw.LabelScale), "without standardization the output is the score");
    }

    [TestMethod]
    public void CrossValidationPermutationImportanceAndPredictionEngineWorkOnAWholePipeline()
    {
        var ml = new MLContext(1);
        IDataView raw = TrainerData.Raw(ml, "breast-cancer");
        var pipeline = TrainerData.Preparation(ml, "breast-cancer").Append(ml.BinaryClassification.Trainers.Mlp(Small()));
        var folds = ml.BinaryClassification.CrossValidate(raw, pipeline, numberOfFolds: 3, seed: 1);
        Assert.AreEqual(3, folds.Count);
        Assert.IsTrue(folds.All(f => f.Metrics.AreaUnderRocCurve > 0.95), $"every fold learns: AUC {string.Join(", ", folds.Select(f => f.Metrics.AreaUnderRocCurve.ToString("F3")))}");

        var model = pipeline.Fit(raw);
        IDataView scored = model.Transform(raw);

        // ML.NET's permutation feature importance over the prediction transformer: shuffling a feature hurts the AUC.
        var importance = ml.BinaryClassification.PermutationFeatureImportance(model.LastTransformer, scored, permutationCount: 2);
        Assert.AreEqual(9, importance.Length);
        Assert.IsTrue(importance.Min(m => m.AreaUnderRocCurve.Mean) < -0.001, "some feature matters");

        var engine = ml.Model.CreatePredictionEngine<BreastCancerRow, BinaryScored>(model);
        BinaryScored[] batch = [.. ml.Data.CreateEnumerable<BinaryScored>(model.Transform(ml.Data.TakeRows(raw, 20)), false)];
        BreastCancerRow[] inputs = [.. ml.Data.CreateEnumerable<BreastCancerRow>(ml.Data.TakeRows(raw, 20), false)];
        for (int i = 0; i < inputs.Length; i++)
        {
            BinaryScored single = engine.Predict(inputs[i]);
            Assert.AreEqual(batch[i].Score, single.Score, 1e-6, $"row {i}: the prediction engine scores as Transform does");
            Assert.AreEqual(batch[i].PredictedLabel, single.PredictedLabel);
        }
    }

    [TestMethod]
    public void TrainsBesideMLNetsOwnTransformsAndTrees()
    {
        // A user's pipeline: ML.NET's text loader, one-hot encoding of a categorical column, concatenation and
        // normalization, then our Mlp and ML.NET's FastTree as a baseline on the same features.
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromTextFile<PimaRow>(Path.Combine("TestData", "pima-diabetes.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);
        var features = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["pos"] = true, ["neg"] = false }, "Diabetes")
            .Append(ml.Transforms.ReplaceMissingValues([new("Glucose"), new("Pressure"), new("Mass")]))
            .Append(ml.Transforms.Expression("AgeBand", "a => a < 30 ? \"young\" : a < 50 ? \"middle\" : \"older\"", "Age"))
            .Append(ml.Transforms.Categorical.OneHotEncoding("AgeBand"))
            .Append(ml.Transforms.Concatenate("Features", "Pregnant", "Glucose", "Pressure", "Mass", "Pedigree", "AgeBand"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var mlp = features.Append(ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [32], Epochs = 30, Seed = 1 })).Fit(split.TrainSet);
        var tree = features.Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 50)).Fit(split.TrainSet);
        double ours = ml.BinaryClassification.Evaluate(mlp.Transform(split.TestSet)).AreaUnderRocCurve;
        double fastTree = ml.BinaryClassification.Evaluate(tree.Transform(split.TestSet)).AreaUnderRocCurve;
        Assert.IsTrue(ours > 0.78 && fastTree > 0.75, $"both learn the diabetes onset: Mlp AUC {ours:F3}, FastTree {fastTree:F3}");
        Assert.IsTrue(Math.Abs(ours - fastTree) < 0.1, $"and within reach of each other: {ours:F3} vs {fastTree:F3}");

        // ML.NET's permutation feature importance over the whole pipeline, by the features' slot names (Concatenate and
        // OneHotEncoding name them): glucose matters far more than blood pressure.
        IDataView scored = mlp.Transform(split.TestSet);
        var byName = ml.BinaryClassification.PermutationFeatureImportanceNonCalibrated(mlp, scored, permutationCount: 3);
        string table = string.Join(", ", byName.Select(p => $"{p.Key} {p.Value.AreaUnderRocCurve.Mean:F3}"));
        CollectionAssert.AreEquivalent(new[] { "Pregnant", "Glucose", "Pressure", "Mass", "Pedigree", "AgeBand.young", "AgeBand.middle", "AgeBand.older" }, byName.Keys.ToArray(), table);
        Assert.IsTrue(byName["Glucose"].AreaUnderRocCurve.Mean < -0.03 && byName["Glucose"].AreaUnderRocCurve.Mean < byName["Pressure"].AreaUnderRocCurve.Mean, table);
    }

    [TestMethod]
    public void BadInputFailsWithTheColumnAndRow()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[]
        {
            new Row { Features = [1, 2], Label = true, Weight = 1 },
            new Row { Features = [float.NaN, 2], Label = false, Weight = 1 },
        });
        var nan = Assert.ThrowsExactly<InvalidDataException>(() => ml.BinaryClassification.Trainers.Mlp(epochs: 1).Fit(data));
        StringAssert.Contains(nan.Message, "'Features', row 1, slot 0");

        var wrongLabel = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Mlp(epochs: 1).Fit(data));
        StringAssert.Contains(wrongLabel.Message, "label column 'Label'");
        StringAssert.Contains(wrongLabel.Message, "key");

        IDataView doubles = ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Features = [1, 2], Label = true } });
        var wrongFeatures = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.Mlp(epochs: 1).Fit(doubles));
        StringAssert.Contains(wrongFeatures.Message, "feature column 'Features'");
        StringAssert.Contains(wrongFeatures.Message, "Vector<Double");

        var empty = Assert.ThrowsExactly<InvalidOperationException>(() => ml.BinaryClassification.Trainers.Mlp(epochs: 1).Fit(ml.Data.FilterRowsByColumn(data, "Weight", lowerBound: 5)));
        StringAssert.Contains(empty.Message, "no rows");

        IDataView badWeight = ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1, 2], Label = true, Weight = -1 } });
        var weight = Assert.ThrowsExactly<InvalidDataException>(() => ml.BinaryClassification.Trainers.Mlp(exampleWeightColumnName: "Weight", epochs: 1).Fit(badWeight));
        StringAssert.Contains(weight.Message, "Weight column 'Weight', row 0");

        IDataView regression = ml.Data.LoadFromEnumerable(new[] { new RegressionRow { Features = [1, 2], Label = float.PositiveInfinity } });
        var label = Assert.ThrowsExactly<InvalidDataException>(() => ml.Regression.Trainers.Mlp(epochs: 1).Fit(regression));
        StringAssert.Contains(label.Message, "Label column 'Label', row 0: the label is Infinity");

        var loss = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpOptions { Loss = new BinaryCrossEntropy() }).Fit(data));
        StringAssert.Contains(loss.Message, "fromLogits");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Mlp(new MlpOptions { HiddenLayers = [0] }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Mlp(new MlpOptions { ValidationFraction = 1f }));
        var classWeights = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpOptions { ClassWeights = [1f] }).Fit(ml.Data.TakeRows(data, 1)));
        StringAssert.Contains(classWeights.Message, "one finite weight ≥ 0 per class (2)");
    }

    [TestMethod]
    public void ClassAndExampleWeightsShiftTheDecisionTowardTheWeightedClass()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        int Positives(float[]? classWeights) => ml.Data.CreateEnumerable<BinaryScored>(
            ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 5, Seed = 3, ClassWeights = classWeights }).Fit(train).Transform(test), false).Count(r => r.PredictedLabel);
        int even = Positives(null);
        Assert.IsTrue(Positives([1f, 20f]) > even, "weighting the positive class up predicts it more often");
        Assert.IsTrue(Positives([20f, 1f]) < even, "weighting the negative class up predicts it less often");

        // An example weight column does the same row by row.
        IDataView weighted = ml.Transforms.Expression("Weight", "l => l ? 20f : 1f", "Label").Fit(train).Transform(train);
        int byRows = ml.Data.CreateEnumerable<BinaryScored>(ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 5, Seed = 3, ExampleWeightColumnName = "Weight" })
            .Fit(weighted).Transform(test), false).Count(r => r.PredictedLabel);
        Assert.IsTrue(byRows > even, "weighting the positive rows up predicts positives more often");
    }

    [TestMethod]
    public void TrainingLogsEachEpochAndStopsWhenCancelled()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "spam");
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Message.Contains("Epoch ", StringComparison.Ordinal))
            {
                lock (messages)
                {
                    messages.Add(e.Message);
                }
            }
        };
        ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 3, Seed = 1 }).Fit(train);
        Assert.AreEqual(3, messages.Count(m => m.Contains("Epoch 3/3", StringComparison.Ordinal) || m.Contains("Epoch 1/3", StringComparison.Ordinal) || m.Contains("Epoch 2/3", StringComparison.Ordinal)), string.Join("\n", messages));
        StringAssert.Contains(messages[0], "loss");

        // Cancelling the options' token (here from the progress receiver) stops training at the next batch.
        int batches = 0;
        using var cancellation = new CancellationTokenSource();
        var options = new MlpOptions
        {
            HiddenLayers = [8],
            Epochs = 50,
            Seed = 1,
            CancellationToken = cancellation.Token,
            Progress = new SynchronousProgress(_ =>
            {
                if (++batches == 10)
                {
                    cancellation.Cancel();
                }
            }),
        };
        Assert.Throws<OperationCanceledException>(() => ml.BinaryClassification.Trainers.Mlp(options).Fit(train));
        Assert.IsTrue(batches < 20, $"training stopped soon after the cancellation ({batches} batches)");
    }

    [TestMethod]
    public void MLContextsCancelExecutionStopsTraining()
    {
        // MLContext.CancelExecution is internal in ML.NET 5.0.1 (ML.NET's own components, such as AutoML, call it); a
        // program reaches it as this test does. The trainer checks the context at every batch.
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "spam");
        var cancelExecution = typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new AssertFailedException("MLContext.CancelExecution is gone from this ML.NET version.");
        int batches = 0;
        var options = new MlpOptions
        {
            HiddenLayers = [8],
            Epochs = 50,
            Seed = 1,
            Progress = new SynchronousProgress(_ =>
            {
                if (++batches == 10)
                {
                    cancelExecution.Invoke(ml, null);
                }
            }),
        };
        Assert.Throws<OperationCanceledException>(() => ml.BinaryClassification.Trainers.Mlp(options).Fit(train));
        Assert.AreEqual(10, batches, "training stopped at the batch after the cancellation");
    }

    [TestMethod]
    public void AValidationSetDrivesEarlyStoppingWithBestWeights()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "spam");
        var trainer = ml.BinaryClassification.Trainers.Mlp(new MlpOptions
        {
            HiddenLayers = [64],
            Epochs = 200,
            Seed = 1,
            EarlyStopping = new EarlyStopping { Patience = 3, RestoreBestWeights = true },
        });
        var model = trainer.Fit(train, test);
        TrainingHistory history = model.Model.History;
        Assert.IsTrue(history.StoppedEarly && history.Epochs.Count < 200, $"stopped after {history.Epochs.Count} epochs");
        Assert.IsTrue(history.Epochs.All(e => !double.IsNaN(e.ValidationLoss)), "every epoch was validated on the given set");
        double best = history.Epochs.Min(e => e.ValidationLoss);
        Assert.AreEqual(best, history.Epochs[history.BestEpoch - 1].ValidationLoss, 1e-12, "the best epoch is the lowest validation loss");
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }

    private sealed class DoubleRow
    {
        [VectorType(2)]
        public double[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class RegressionRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class PimaRow
    {
        [LoadColumn(0)]
        public float Pregnant { get; set; }

        [LoadColumn(1)]
        public float Glucose { get; set; }

        [LoadColumn(2)]
        public float Pressure { get; set; }

        [LoadColumn(5)]
        public float Mass { get; set; }

        [LoadColumn(6)]
        public float Pedigree { get; set; }

        [LoadColumn(7)]
        public float Age { get; set; }

        [LoadColumn(8)]
        public string Diabetes { get; set; } = "";
    }

    private sealed class BreastCancerRow
    {
        [VectorType(9)]
        public float[] Features { get; set; } = [];

        public string Raw { get; set; } = "";
    }

    private sealed class BinaryScored
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class MulticlassScored
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }

        public string Species { get; set; } = "";
    }
}
