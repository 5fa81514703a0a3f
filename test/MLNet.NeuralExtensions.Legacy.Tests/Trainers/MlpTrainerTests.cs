using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

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
        var rows = ml.Data.CreateEnumerable<BinaryScored>(model.Transform(test), false).ToArray();
        Assert.IsTrue(rows.Any(r => r.PredictedLabel) && rows.Any(r => !r.PredictedLabel), "both classes are predicted");
        foreach (var r in rows)
        {
            Assert.AreEqual(1 / (1 + Math.Exp(-r.Score)), r.Probability, 1e-6, "Probability = σ(Score)");
            Assert.AreEqual(r.Score > 0, r.PredictedLabel, "PredictedLabel = Score > 0");
        }

        var exported = PipelineChecks.ScoreExported(ml, model, train, "Features", [.. rows.SelectMany(r => r.Features)], 9);
        CollectionAssert.AreEqual(rows.Select(r => r.PredictedLabel).ToArray(), (bool[])exported["PredictedLabel.output"].Data, "ONNX predicted labels");
        float[] probabilities = (float[])exported["Probability.output"].Data;
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.AreEqual(rows[i].Probability, probabilities[i], 1e-5, $"ONNX probability {i}");
        }
    }

    [TestMethod]
    public void MulticlassScoresAreProbabilitiesNamedByTheLabelsKeys()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "iris");
        var model = ml.MulticlassClassification.Trainers.Mlp(Small()).Fit(train);
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

        var exported = PipelineChecks.ScoreExported(ml, model, train, "Features", [.. ml.Data.CreateEnumerable<TrainerConformanceTests.FeatureRow>(test, false).SelectMany(r => r.Features)], 4);
        CollectionAssert.AreEqual(rows.Select(r => r.PredictedLabel).ToArray(), (uint[])exported["PredictedLabel.output"].Data, "ONNX predicted keys");
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
    public void BostonHousingRSquaredFloor()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "boston-housing");
        var model = ml.Regression.Trainers.Mlp(new MlpOptions { HiddenLayers = [64, 32], Epochs = 200, Seed = 1 }).Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        Assert.IsTrue(metrics.RSquared >= 0.80, $"boston-housing R² {metrics.RSquared:F4}");
    }

    [TestMethod]
    public void CrossValidationAndPredictionEngineWorkOnAWholePipeline()
    {
        var ml = new MLContext(1);
        IDataView raw = TrainerData.Raw(ml, "breast-cancer");
        var pipeline = TrainerData.Preparation(ml, "breast-cancer").Append(ml.BinaryClassification.Trainers.Mlp(Small()));
        var folds = ml.BinaryClassification.CrossValidate(raw, pipeline, numberOfFolds: 3, seed: 1);
        Assert.AreEqual(3, folds.Count);
        Assert.IsTrue(folds.All(f => f.Metrics.AreaUnderRocCurve > 0.95), $"every fold learns: AUC {string.Join(", ", folds.Select(f => f.Metrics.AreaUnderRocCurve.ToString("F3")))}");

        ITransformer model = pipeline.Fit(raw);
        var engine = ml.Model.CreatePredictionEngine<BreastCancerRow, BinaryScored>(model);
        BinaryScored[] batch = [.. ml.Data.CreateEnumerable<BinaryScored>(model.Transform(ml.Data.TakeRows(raw, 20)), false)];
        BreastCancerRow[] inputs = [.. ml.Data.CreateEnumerable<BreastCancerRow>(ml.Data.TakeRows(raw, 20), false)];
        for (int i = 0; i < inputs.Length; i++)
        {
            BinaryScored single = engine.Predict(inputs[i]);
            Assert.AreEqual(batch[i].Score, single.Score, 1e-5, $"row {i}: one row at a time scores as the batch does");
            Assert.AreEqual(batch[i].PredictedLabel, single.PredictedLabel);
        }
    }

    [TestMethod]
    public void BadInputFailsWithTheColumnAndRow()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[]
        {
            new Row { Features = [1, 2], Label = true },
            new Row { Features = [float.NaN, 2], Label = false },
        });
        var nan = Assert.ThrowsExactly<InvalidDataException>(() => ml.BinaryClassification.Trainers.Mlp(epochs: 1).Fit(data));
        StringAssert.Contains(nan.Message, "'Features', row 1, slot 0");

        var wrongLabel = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Mlp(epochs: 1).Fit(data));
        StringAssert.Contains(wrongLabel.Message, "Label");
        StringAssert.Contains(wrongLabel.Message, "key");

        var loss = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpOptions { Loss = new BinaryCrossEntropy() }).Fit(data));
        StringAssert.Contains(loss.Message, "fromLogits");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Mlp(new MlpOptions { HiddenLayers = [0] }));
        var weights = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpOptions { ClassWeights = [1f] }).Fit(ml.Data.TakeRows(data, 1)));
        StringAssert.Contains(weights.Message, "one finite weight ≥ 0 per class (2)");
    }

    [TestMethod]
    public void ClassWeightsShiftTheDecisionTowardTheWeightedClass()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        int Positives(float[]? classWeights) => ml.Data.CreateEnumerable<BinaryScored>(
            ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 5, Seed = 3, ClassWeights = classWeights }).Fit(train).Transform(test), false).Count(r => r.PredictedLabel);
        float[] balanced = ClassWeights.Balanced(train);
        Assert.IsTrue(Positives([1f, 20f]) > Positives(balanced), "weighting the positive class up predicts it more often");
        Assert.IsTrue(Positives([20f, 1f]) < Positives(balanced), "weighting the negative class up predicts it less often");
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class BreastCancerRow
    {
        [VectorType(9)]
        public float[] Features { get; set; } = [];

        public string Raw { get; set; } = "";
    }

    private sealed class BinaryScored
    {
        public float[] Features { get; set; } = [];

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
