using Microsoft.ML;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

[TestClass]
public sealed class CnnTrainerTests
{
    [TestMethod]
    public void DigitsMicroAccuracyFloor()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "digits", keyLabel: true);
        var model = ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { ConvolutionFilters = [16, 32], HiddenLayers = [64], Epochs = 15, LearningRate = 2e-3f, Seed = 1 }).Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));

        // Measured on ML.NET's TrainTestSplit: 0.965, 0.984, 0.976, 0.973 for seeds 1 to 4.
        Assert.IsGreaterThanOrEqualTo(0.96, metrics.MicroAccuracy, $"digits micro-accuracy {metrics.MicroAccuracy:F4}");
        string[] layers = [.. model.Model.Network.Layers.Select(l => l.ToString())];
        CollectionAssert.AreEqual(
            new[] { "Conv2D [1×8×8] → [16×8×8]", "MaxPooling2D [16×8×8] → [16×4×4]", "Conv2D [16×4×4] → [32×4×4]", "MaxPooling2D [32×4×4] → [32×2×2]", "Flatten [32×2×2] → [128]", "Dense [128] → [64]", "Dense [64] → [10]" },
            layers, string.Join(" | ", layers));
    }

    [TestMethod]
    public void ImageShapeThatDoesNotFitTheVectorIsNamed()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "digits", keyLabel: true);
        var notSquare = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Cnn(imageChannels: 3).Fit(train));
        StringAssert.Contains(notSquare.Message, "'Features' holds 64 values per row, which is not 3 channel(s) × a square image");
        var wrong = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Cnn(imageHeight: 7, imageWidth: 9).Fit(train));
        StringAssert.Contains(wrong.Message, "1 channel(s) × 7 × 9 pixels");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { ConvolutionFilters = [8, 0] }));

        // A rectangle is inferred from one side.
        var model = ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { ImageWidth = 16, ConvolutionFilters = [2], HiddenLayers = [], Epochs = 1 }).Fit(train);
        Assert.AreEqual("[1×4×16]", model.Model.Network.InputShape.ToString());
    }

    [TestMethod]
    public void TransferLearningFreezesTheChosenLayersAndReplacesTheOutputLayer()
    {
        // Learn the ten digits, save the model and load it back, then start the binary task (is it a zero?) from its
        // network with the convolution blocks frozen.
        var ml = new MLContext(1);
        var (digitsTrain, _) = TrainerData.Split(ml, "digits", keyLabel: true);
        var (train, test) = TrainerData.Split(ml, "digits", keyLabel: false);
        var options = new CnnOptions { ConvolutionFilters = [8, 16], HiddenLayers = [32], Epochs = 3, Seed = 1 };
        using var files = new TempFiles();
        ml.Model.Save(ml.MulticlassClassification.Trainers.Cnn(options).Fit(digitsTrain), digitsTrain.Schema, files.PathOf("digits.zip"));
        NeuralNetworkModelParameters start = NeuralNetworkModelParameters.From(ml.Model.Load(files.PathOf("digits.zip"), out _));
        float[][] before = [.. start.Network.Parameters.Select(p => p.Value.Span.ToArray())];

        var transfer = new CnnOptions { InitialModel = start, FrozenLayerCount = 4, Epochs = 2, Seed = 2 };
        var model = ml.BinaryClassification.Trainers.Cnn(transfer).Fit(train);
        Sequential network = model.Model.Network;
        Assert.AreEqual("Dense [32] → [1]", network.Layers[^1].ToString(), "a new output layer for the binary task");
        for (int layer = 0; layer < network.Layers.Count; layer++)
        {
            Assert.IsTrue(network.Layers[layer].Parameters.All(p => p.IsTrainable == layer >= 4), $"layer {layer}'s parameters are trainable only after the frozen 4");
        }

        // The frozen convolutions keep the pretrained weights bit for bit; the unfrozen dense layer moved; the
        // pretrained model itself is untouched.
        var frozen = network.Layers.Take(4).SelectMany(l => l.Parameters).ToArray();
        for (int p = 0; p < frozen.Length; p++)
        {
            CollectionAssert.AreEqual(before[p], frozen[p].Value.Span.ToArray(), $"frozen parameter {p}");
        }

        int dense = frozen.Length;
        CollectionAssert.AreNotEqual(before[dense], network.Parameters[dense].Value.Span.ToArray(), "the first dense layer trained");
        for (int p = 0; p < before.Length; p++)
        {
            CollectionAssert.AreEqual(before[p], start.Network.Parameters[p].Value.Span.ToArray(), $"the initial model's parameter {p} is unchanged");
        }

        double auc = ml.BinaryClassification.Evaluate(model.Transform(test)).AreaUnderRocCurve;
        Assert.IsGreaterThanOrEqualTo(0.99, auc, $"the frozen features learned on ten digits tell zeros apart: AUC {auc:F4}");

        // Loaded in another process, the transferred model scores the same.
        CollectionAssert.AreEqual(TrainerData.Scores(model.Transform(test)), TrainerData.Scores(ModelHost.ScoreInChildProcess(ml, model, test, files)));
    }

    [TestMethod]
    public void TransferLearningRejectsWhatDoesNotFit()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "digits", keyLabel: true);
        var start = ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { ConvolutionFilters = [2], HiddenLayers = [], Epochs = 1 }).Fit(train).Model;
        var shape = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { InitialModel = start, ImageHeight = 4 }).Fit(train));
        StringAssert.Contains(shape.Message, "takes inputs of shape [1×8×8]; feature column 'Features' gives [1×4×16]");
        var frozen = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { InitialModel = start, FrozenLayerCount = 9 }).Fit(train));
        StringAssert.Contains(frozen.Message, "FrozenLayerCount is 9, but the network has 4 layers");
        var outputs = Assert.ThrowsExactly<ArgumentException>(() => ml.Regression.Trainers.Cnn(new CnnOptions { InitialModel = start, KeepOutputLayer = true, LabelColumnName = "Raw" }).Fit(train));
        StringAssert.Contains(outputs.Message, "has 10 outputs and this task needs 1");
        Assert.ThrowsExactly<ArgumentException>(() => ml.Regression.Trainers.Cnn(new CnnOptions { FrozenLayerCount = 1 }));
        Assert.ThrowsExactly<ArgumentException>(() => NeuralNetworkModelParameters.From(ml.Transforms.CopyColumns("A", "Features").Fit(train)));

        // Keeping the output layer fine-tunes the same model: it starts where the initial one ended.
        var fineTuned = ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { InitialModel = start, KeepOutputLayer = true, Epochs = 1, Seed = 1 }).Fit(train);
        Assert.IsLessThan(start.History.Epochs[0].Loss, fineTuned.Model.History.Epochs[0].Loss, "fine-tuning starts from the trained weights");
    }
}
