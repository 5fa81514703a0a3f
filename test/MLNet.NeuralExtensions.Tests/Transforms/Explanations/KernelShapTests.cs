using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests.Transforms.Explanations;

/// <summary>Kernel SHAP over ML.NET's own trainers and ours.</summary>
[TestClass]
public sealed class KernelShapTests
{
    [TestMethod]
    [DataRow(null, DisplayName = "every coalition")]
    [DataRow(8, DisplayName = "8 of 14 coalitions, the rest drawn")]
    public void OnALinearModelOfIndependentFeaturesEachValueIsTheWeightTimesTheDistanceFromTheBackgroundMean(int? coalitions)
    {
        var ml = new MLContext(1);
        IDataView train = ExplanationData.Rows(ml, 400, seed: 1), test = ExplanationData.Rows(ml, 10, seed: 3);
        var model = ml.Regression.Trainers.Sdca("Value", maximumNumberOfIterations: 50).Fit(train);
        float[] w = [.. model.Model.Weights];
        IDataView background = ExplanationData.Rows(ml, 40, seed: 2);
        double[] mean = [.. Enumerable.Range(0, 4).Select(i => ExplanationData.Column(background, "Features").Average(r => (double)r[i]))];

        KernelShapTransformer shap = ml.Transforms.ExplainByKernelShap(model, background: background, coalitions: coalitions).Fit(test);
        Assert.AreEqual(40, shap.BackgroundSize);
        float[][] features = ExplanationData.Column(test, "Features"), phi = ExplanationData.Column(shap.Transform(test), "Attributions");
        for (int r = 0; r < features.Length; r++)
        {
            for (int i = 0; i < 4; i++)
            {
                double expected = w[i] * (features[r][i] - mean[i]);
                Assert.AreEqual(expected, phi[r][i], 1e-4 + (1e-4 * Math.Abs(expected)), $"row {r}, feature {i}");
            }
        }
    }

    [TestMethod]
    [DataRow("FastTree", ExplainedOutput.Score)]
    [DataRow("FastTree", ExplainedOutput.Probability)]
    [DataRow("Mlp", ExplainedOutput.Probability)]
    public void TheValuesSumToTheOutputMinusTheBackgroundsMean(string trainer, ExplainedOutput output)
    {
        var ml = new MLContext(1);
        IDataView train = ExplanationData.Rows(ml, 400, seed: 1), test = ExplanationData.Rows(ml, 15, seed: 3);
        ITransformer model = trainer == "FastTree"
            ? ml.BinaryClassification.Trainers.FastTree("Positive", numberOfTrees: 30).Fit(train)
            : ml.BinaryClassification.Trainers.Mlp(new MlpOptions { LabelColumnName = "Positive", HiddenLayers = [8], Epochs = 10, Seed = 1 }).Fit(train);
        KernelShapTransformer shap = ml.Transforms.ExplainByKernelShap(model, backgroundSize: 30, output: output).Fit(train);
        IDataView explained = shap.Transform(model.Transform(test));
        float[] f = [.. explained.GetColumn<float>(output == ExplainedOutput.Probability ? "Probability" : "Score")];
        float[][] phi = ExplanationData.Column(explained, "Attributions");
        for (int r = 0; r < f.Length; r++)
        {
            Assert.AreEqual(f[r] - shap.ExpectedValue, phi[r].Sum(v => (double)v), 1e-4, $"row {r}");
        }

        Assert.IsTrue(phi.Count(row => row.Count(v => Math.Abs(v) > 1e-3) >= 2) > f.Length / 2, "most rows have at least two features that matter");
    }

    [TestMethod]
    public void AMulticlassModelsClassIsExplainedAndTheTransformLoadsFromAModelFile()
    {
        var ml = new MLContext(1);
        IDataView train = ml.Transforms.Conversion.MapValueToKey("Label", "Positive").Fit(ExplanationData.Rows(ml, 300, seed: 1)).Transform(ExplanationData.Rows(ml, 300, seed: 1));
        IDataView test = ExplanationData.Rows(ml, 8, seed: 3);
        var model = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Fit(train);
        KernelShapTransformer shap = ml.Transforms.ExplainByKernelShap(model, backgroundSize: 20, classIndex: 1).Fit(train);
        float[][] scores = ExplanationData.Column(model.Transform(test), "Score"), phi = ExplanationData.Column(shap.Transform(test), "Attributions");
        for (int r = 0; r < scores.Length; r++)
        {
            Assert.AreEqual(scores[r][1] - shap.ExpectedValue, phi[r].Sum(v => (double)v), 1e-4, $"row {r}, class 1");
        }

        using var file = new MemoryStream();
        ml.Model.Save(shap, test.Schema, file);
        file.Position = 0;
        ITransformer loaded = new MLContext(2).Model.Load(file, out _);
        float[][] after = ExplanationData.Column(loaded.Transform(test), "Attributions");
        for (int r = 0; r < phi.Length; r++)
        {
            CollectionAssert.AreEqual(phi[r], after[r], $"row {r} after loading");
        }
    }

    [TestMethod]
    public void BadInputIsRefusedNamingTheValue()
    {
        var ml = new MLContext(1);
        IDataView train = ExplanationData.Rows(ml, 100, seed: 1);
        var model = ml.Regression.Trainers.Sdca("Value", maximumNumberOfIterations: 5).Fit(train);
        var budget = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainByKernelShap(model, coalitions: 0));
        Assert.AreEqual("coalitions", budget.ParamName);
        var size = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainByKernelShap(model, backgroundSize: 0));
        Assert.AreEqual("backgroundSize", size.ParamName);
        var probability = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainByKernelShap(model, output: ExplainedOutput.Probability).Fit(train));
        StringAssert.Contains(probability.Message, "no Probability column");
        var index = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainByKernelShap(model, classIndex: 1).Fit(train));
        StringAssert.Contains(index.Message, "class index 0");
        IDataView nan = ExplanationData.Vectors(ml, [[1f, 2f, 3f, 4f], [1f, 2f, float.NaN, 4f]], 4);
        var background = Assert.ThrowsExactly<InvalidDataException>(() => ml.Transforms.ExplainByKernelShap(model, background: nan).Fit(train));
        StringAssert.Contains(background.Message, "slot 2 of column 'Features' is NaN");
        var notAModel = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ExplainByKernelShap(ml.Transforms.Concatenate("X", "A").Fit(train)));
        StringAssert.Contains(notAModel.Message, "holds no prediction transformer");
    }
}
