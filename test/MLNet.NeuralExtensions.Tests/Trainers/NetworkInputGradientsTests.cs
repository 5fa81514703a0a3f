using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Tests.Transforms.Explanations;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

/// <summary>Input gradients of trained models, as ML.NET's columns give their outputs.</summary>
[TestClass]
public sealed class NetworkInputGradientsTests
{
    [TestMethod]
    public void AMulticlassModelsGradientIsThatOfTheClasssScoreInMlNetsScoreColumn()
    {
        var ml = new MLContext(1);
        IDataView rows = ExplanationData.Rows(ml, 300, seed: 1);
        IDataView train = ml.Transforms.Conversion.MapValueToKey("Label", "Positive").Fit(rows).Transform(rows);
        var model = ml.MulticlassClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Activation = ActivationFunction.Tanh, Epochs = 10, Seed = 1 }).Fit(train);
        NetworkInputGradients gradients = model.Model.CreateInputGradients(classIndex: 1);
        Assert.AreEqual(4, gradients.FeatureCount);

        float[] x = [0.3f, -1.2f, 0.8f, 1.5f];
        float[] analytic = new float[4], output = new float[1];
        gradients.Compute(x, 1, analytic, output);
        float Score(float[] features) => ExplanationData.Column(model.Transform(ExplanationData.Vectors(ml, [features], 4)), "Score")[0][1];
        Assert.AreEqual(Score(x), output[0], 1e-6, "the output is the class's score");
        const float h = 1e-2f;
        for (int i = 0; i < 4; i++)
        {
            float[] plus = (float[])x.Clone(), minus = (float[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Score(plus) - (double)Score(minus)) / (2 * h);
            Assert.AreEqual(numeric, analytic[i], 2e-3 + (2e-2 * Math.Abs(numeric)), $"feature {i}");
        }

        var index = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Model.CreateInputGradients(classIndex: 2));
        StringAssert.Contains(index.Message, "class indices 0 to 1");
    }

    [TestMethod]
    public void AnAutoencodersScoreHasNoInputGradientAndTheMessageNamesKernelShap()
    {
        var ml = new MLContext(1);
        var model = ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { EncoderLayers = [3, 2], Epochs = 1, Seed = 1 }).Fit(ExplanationData.Rows(ml, 50, seed: 1));
        var refused = Assert.ThrowsExactly<NotSupportedException>(() => model.Model.CreateInputGradients());
        StringAssert.Contains(refused.Message, "AutoencoderModelParameters has no input gradients");
        StringAssert.Contains(refused.Message, "ExplainByKernelShap");
    }
}
