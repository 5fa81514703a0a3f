using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Tests.Trainers.Autoencoder;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests.Transforms;

/// <summary>The autoencoder's encoder as an ML.NET transform: its code, pipelines with ML.NET's trainers, a second
/// process, seeds and bad input.</summary>
[TestClass]
public sealed class AutoencoderEncodingTests
{
    [TestMethod]
    public void TheCodeIsTheEncoderOnTheStandardizedFeatures()
    {
        // A linear encoder of one layer, so the code can be computed from its weights here: z·W + b.
        var ml = new MLContext(1);
        var (train, test) = AutoencoderTrainerTests.BreastCancer(ml);
        AutoencoderOptions options = Linear();
        AutoencoderEncodingTransformer encoder = ml.Transforms.AutoencoderEncode("Code", options).Fit(train);
        AutoencoderModelParameters model = encoder.Model;
        Assert.AreEqual(1, model.EncoderLayerCount);
        Assert.AreEqual(3, model.BottleneckSize);
        var dense = (Dense)model.Network.Layers[0];
        float[] kernel = dense.Kernel.Value.Span.ToArray(), bias = dense.Bias!.Value.Span.ToArray();

        IDataView coded = encoder.Transform(test);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), coded.Schema["Code"].Type);
        float[][] features = [.. coded.GetColumn<float[]>("Features")];
        float[][] codes = [.. coded.GetColumn<float[]>("Code")];
        for (int r = 0; r < features.Length; r++)
        {
            float[] z = [.. features[r].Select((v, i) => (v - model.FeatureMeans[i]) / model.FeatureScales[i])];
            for (int j = 0; j < 3; j++)
            {
                float expected = bias[j] + z.Select((v, i) => v * kernel[(i * 3) + j]).Sum();
                Assert.AreEqual(expected, codes[r][j], 1e-4, $"row {r}, code {j}");
            }
        }
    }

    [TestMethod]
    public void TheDefaultEncoderEndsAfterTheBottlenecksActivationAndScoresTheSameInASecondProcess()
    {
        var ml = new MLContext(1);
        var (train, test) = AutoencoderTrainerTests.BreastCancer(ml);
        AutoencoderEncodingTransformer encoder = ml.Transforms.AutoencoderEncode("Code", "Features", encoderLayers: [8, 3], epochs: 3).Fit(train);
        AutoencoderModelParameters model = encoder.Model;
        Assert.IsInstanceOfType<Dropout>(model.Network.Layers[model.EncoderLayerCount - 1], "the bottleneck's dropout ends the encoder");
        Assert.IsInstanceOfType<Activation>(model.Network.Layers[model.EncoderLayerCount - 2], "after the bottleneck's activation");
        Assert.IsInstanceOfType<Dense>(model.Network.Layers[model.EncoderLayerCount], "the decoder starts with a dense layer");

        IDataView coded = encoder.Transform(test);
        float[] codes = TrainerData.Scores(coded, "Code");
        Assert.AreEqual(3 * coded.GetColumn<float[]>("Features").Count(), codes.Length);
        Assert.IsTrue(codes.All(c => c >= 0f) && codes.Any(c => c > 0f), "ReLU codes");

        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, encoder, test, files);
        CollectionAssert.AreEqual(codes, TrainerData.Scores(child, "Code"), "codes in the second process");
    }

    [TestMethod]
    public void ACodeFeedsMlNetsTrainersInOnePipelineThatLoadsInASecondProcess()
    {
        var ml = new MLContext(1);
        var (train, test) = AnomalyData.Split(ml, AnomalyData.BreastCancer(ml));
        var pipeline = ml.Transforms.ReplaceMissingValues("Features")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.Transforms.AutoencoderEncode("Code", "Features", encoderLayers: [8, 4], epochs: 20))
            .Append(ml.Transforms.Conversion.ConvertType("Malignant", "Label", DataKind.Boolean))
            .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Malignant", featureColumnName: "Code", numberOfTrees: 20));
        var model = pipeline.Fit(train);
        IDataView scored = model.Transform(test);
        CalibratedBinaryClassificationMetrics metrics = ml.BinaryClassification.Evaluate(scored, labelColumnName: "Malignant");
        Assert.IsGreaterThanOrEqualTo(0.9, metrics.Accuracy, "FastTree on 4 learned features");

        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, test, files);
        CollectionAssert.AreEqual(TrainerData.Scores(scored, "Code"), TrainerData.Scores(child, "Code"), "codes in the second process");
        CollectionAssert.AreEqual(TrainerData.Scores(scored, "Probability"), TrainerData.Scores(child, "Probability"), "FastTree's probabilities in the second process");
    }

    [TestMethod]
    public void TheSeedOrTheMLContextsReproducesACode()
    {
        var ml = new MLContext(1);
        var (train, test) = AutoencoderTrainerTests.BreastCancer(ml);
        SeedChecks.Reproduce(ml, (context, seed) => TrainerData.Scores(context.Transforms.AutoencoderEncode("Code", AutoencoderTrainerTests.Small(seed)).Fit(train).Transform(test), "Code"));
    }

    [TestMethod]
    public void BadInputIsRejectedNamingTheColumn()
    {
        var ml = new MLContext(1);
        var (train, _) = AutoencoderTrainerTests.BreastCancer(ml);
        var estimator = ml.Transforms.AutoencoderEncode("Code", AutoencoderTrainerTests.Small());
        IDataView text = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new TextRow { Features = "x" }));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(text)).Message, "Features");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.AutoencoderEncode("Code", "Nope").Fit(train)).Message, "Nope");

        AutoencoderEncodingTransformer encoder = estimator.Fit(train);
        IDataView narrow = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new FloatRow { Features = [i, i == 3 ? float.NaN : i, i] }));
        var wrongWidth = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => encoder.Transform(narrow));
        StringAssert.Contains(wrongWidth.Message, "Features");
        StringAssert.Contains(wrongWidth.Message, "Vector<Single, 9>");

        var narrowEncoder = ml.Transforms.AutoencoderEncode("Code", AutoencoderTrainerTests.Small()).Fit(ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new FloatRow { Features = [i, i, 1] })));
        StringAssert.Contains(Failures.Find<InvalidDataException>(() => TrainerData.Scores(narrowEncoder.Transform(narrow), "Code")).Message, "Column 'Features', row 3, slot 1");
    }

    /// <summary>One linear encoder layer of 3 units, without batch normalization or dropout.</summary>
    internal static AutoencoderOptions Linear()
    {
        AutoencoderOptions options = AutoencoderTrainerTests.Small();
        options.EncoderLayers = [3];
        options.Activation = ActivationFunction.Linear;
        options.BatchNormalization = false;
        options.DropoutRate = 0f;
        return options;
    }

    private sealed class TextRow
    {
        public string Features { get; set; } = "";
    }

    private sealed class FloatRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];
    }
}
