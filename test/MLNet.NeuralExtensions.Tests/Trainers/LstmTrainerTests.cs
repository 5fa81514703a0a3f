using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

[TestClass]
public sealed class LstmTrainerTests
{
    [TestMethod]
    public void DigitsReadRowByRowMicroAccuracy()
    {
        // Each digit is a sequence of its 8 pixel rows, 8 values each.
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "digits", keyLabel: true);
        var model = ml.MulticlassClassification.Trainers.Lstm(new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [32], Epochs = 15, LearningRate = 5e-3f, Seed = 1 }).Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.IsTrue(metrics.MicroAccuracy >= 0.95, $"digits micro-accuracy {metrics.MicroAccuracy:F4}");
        Assert.AreEqual("LSTM [8×8] → [32]", model.Model.Network.Layers[0].ToString());
    }

    [TestMethod]
    [DataRow(RecurrentCell.Lstm, true)]
    [DataRow(RecurrentCell.Gru, true)]
    [DataRow(RecurrentCell.SimpleRnn, false)]
    public void StackedCellsTrainAndExport(RecurrentCell cell, bool bidirectional)
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "digits", keyLabel: false);
        var options = new LstmOptions { FeaturesPerStep = 8, Cell = cell, Bidirectional = bidirectional, RecurrentUnits = [8, 6], DropoutRate = 0.1f, HiddenLayers = [4], Epochs = 2, Seed = 1 };
        var model = ml.Regression.Trainers.Lstm(options).Fit(train);
        string[] layers = [.. model.Model.Network.Layers.Select(l => l.ToString())];
        int width = bidirectional ? 2 : 1;
        string name = cell switch { RecurrentCell.Lstm => "LSTM", RecurrentCell.Gru => "GRU", _ => "SimpleRNN" };
        string first = bidirectional ? $"Bidirectional [8×8] → [8×{8 * width}]" : $"{name} [8×8] → [8×8]";
        Assert.AreEqual(first, layers[0]);
        Assert.AreEqual($"Dropout [8×{8 * width}] → [8×{8 * width}]", layers[1]);
        Assert.AreEqual(7, layers.Length, string.Join(" | ", layers));
        var losses = model.Model.History.Epochs.Select(e => e.Loss).ToArray();
        Assert.IsTrue(losses[1] < losses[0], $"the loss falls: {losses[0]} → {losses[1]}");

        float[] features = [.. ml.Data.CreateEnumerable<TrainerConformanceTests.FeatureRow>(test, false).SelectMany(r => r.Features)];
        int rows = features.Length / 64;
        float[] managed = new NetworkScorer(model.Model.Network, ScoringBackend.Managed).Score(features, rows);
        float[] onnx = (float[])PipelineChecks.ScoreExported(ml, model, train, "Features", features, 64)["Score.output"].Data;
        for (int i = 0; i < rows; i++)
        {
            Assert.AreEqual(managed[i], onnx[i], 1e-4, $"row {i}: ONNX Runtime and the managed engine agree");
        }
    }

    [TestMethod]
    public void StepsThatDoNotDivideTheVectorAreNamed()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "digits", keyLabel: true);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Lstm(featuresPerStep: 5).Fit(train));
        StringAssert.Contains(error.Message, "'Features' holds 64 values per row, which is not a whole number of steps of 5 features");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Lstm(new LstmOptions { RecurrentUnits = [] }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Lstm(new LstmOptions { DropoutRate = 1f }));
    }
}
