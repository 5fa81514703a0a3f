using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests.Transforms.Explanations;

/// <summary>Saliency, Integrated Gradients and SmoothGrad of trained Mlps as ML.NET transforms.</summary>
[TestClass]
public sealed class NetworkAttributionTests
{
    private static readonly Lazy<(MLContext Ml, ITransformer Binary, ITransformer Regression, IDataView Test)> s_models = new(() =>
    {
        var ml = new MLContext(1);
        IDataView train = ExplanationData.Rows(ml, 600, seed: 1);
        MlpOptions Options(string label) => new() { LabelColumnName = label, HiddenLayers = [16, 8], Activation = ActivationFunction.Tanh, Epochs = 30, ValidationFraction = 0, Seed = 1 };
        ITransformer binary = ml.BinaryClassification.Trainers.Mlp(Options("Positive")).Fit(train);
        ITransformer regression = ml.Regression.Trainers.Mlp(Options("Value")).Fit(train);
        return (ml, binary, regression, ExplanationData.Rows(ml, 20, seed: 2));
    });

    [TestMethod]
    [DataRow("binary", ExplainedOutput.Score, IntegrationRule.Trapezoid)]
    [DataRow("binary", ExplainedOutput.Probability, IntegrationRule.Midpoint)]
    [DataRow("regression", ExplainedOutput.Score, IntegrationRule.Trapezoid)]
    public void IntegratedGradientsSumToTheOutputsChangeFromTheBaselineWithinOnePercent(string task, ExplainedOutput output, IntegrationRule rule)
    {
        var (ml, binary, regression, test) = s_models.Value;
        ITransformer model = task == "binary" ? binary : regression;
        float[] baseline = [0.5f, -0.5f, 0f, 1f];
        IDataView explained = ml.Transforms.ExplainByIntegratedGradients(model, output: output, baseline: baseline, steps: 64, rule: rule).Fit(test).Transform(model.Transform(test));
        string column = output == ExplainedOutput.Probability ? "Probability" : "Score";
        float[] f = [.. explained.GetColumn<float>(column)];
        float fBaseline = model.Transform(ExplanationData.Vectors(ml, [baseline], 4)).GetColumn<float>(column).Single();
        float[][] attributions = ExplanationData.Column(explained, "Attributions");
        for (int r = 0; r < f.Length; r++)
        {
            double change = f[r] - fBaseline, sum = attributions[r].Sum(v => (double)v);
            Assert.AreEqual(change, sum, (0.01 * Math.Abs(change)) + 1e-4, $"row {r}: Σ attributions {sum}, f(x) − f(baseline) {change}");
        }

        Assert.IsTrue(f.Max() - f.Min() > 0.1f, "the rows' outputs differ, so the check is not trivial");
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("regression")]
    public void SaliencyIsTheFiniteDifferenceGradientTimesTheInput(string task)
    {
        var (ml, binary, regression, test) = s_models.Value;
        ITransformer model = task == "binary" ? binary : regression;
        float[][] features = [.. ExplanationData.Column(test, "Features").Take(5)];
        float[][] saliency = ExplanationData.Column(ml.Transforms.ExplainBySaliency(model).Fit(test).Transform(test), "Attributions");
        const float h = 1e-2f;
        for (int r = 0; r < features.Length; r++)
        {
            var shifted = new List<float[]>();
            for (int i = 0; i < 4; i++)
            {
                foreach (float step in new[] { h, -h })
                {
                    float[] copy = (float[])features[r].Clone();
                    copy[i] += step;
                    shifted.Add(copy);
                }
            }

            float[] scores = [.. model.Transform(ExplanationData.Vectors(ml, shifted, 4)).GetColumn<float>("Score")];
            for (int i = 0; i < 4; i++)
            {
                double gradient = (scores[2 * i] - (double)scores[(2 * i) + 1]) / (2 * h);
                double expected = gradient * features[r][i];
                Assert.AreEqual(expected, saliency[r][i], 2e-3 + (2e-2 * Math.Abs(expected)), $"row {r}, feature {i}");
            }
        }
    }

    [TestMethod]
    public void TheAttributionColumnCarriesTheFeaturesSlotNamesAndSizeAndLoadsFromAModelFile()
    {
        var (ml, binary, _, test) = s_models.Value;
        NetworkAttributionTransformer transformer = ml.Transforms.ExplainByIntegratedGradients(binary, outputColumnName: "Why", steps: 8).Fit(test);
        IDataView explained = transformer.Transform(test);
        DataViewSchema.Column column = explained.Schema["Why"];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 4), column.Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        CollectionAssert.AreEqual(ExplanationData.SlotNames, names.DenseValues().Select(n => n.ToString()).ToArray());

        using var file = new MemoryStream();
        ml.Model.Save(transformer, test.Schema, file);
        file.Position = 0;
        ITransformer loaded = new MLContext(2).Model.Load(file, out _);
        Assert.IsInstanceOfType<NetworkAttributionTransformer>(loaded);
        float[][] before = ExplanationData.Column(explained, "Why"), after = ExplanationData.Column(loaded.Transform(test), "Why");
        for (int r = 0; r < before.Length; r++)
        {
            CollectionAssert.AreEqual(before[r], after[r], $"row {r} after loading");
        }
    }

    [TestMethod]
    public void SmoothGradWithoutNoiseIsSaliencyAndWithNoiseIsReproducibleForItsSeed()
    {
        var (ml, _, regression, test) = s_models.Value;
        float[][] saliency = ExplanationData.Column(ml.Transforms.ExplainBySaliency(regression).Fit(test).Transform(test), "Attributions");
        float[][] Smooth(float noise, int seed) => ExplanationData.Column(ml.Transforms.ExplainBySmoothGrad(regression, noiseStandardDeviation: noise, samples: 20, seed: seed).Fit(test).Transform(test), "Attributions");
        float[][] noiseless = Smooth(0f, 1), first = Smooth(0.5f, 1), again = Smooth(0.5f, 1), other = Smooth(0.5f, 2);
        for (int r = 0; r < saliency.Length; r++)
        {
            for (int i = 0; i < 4; i++)
            {
                Assert.AreEqual(saliency[r][i], noiseless[r][i], 1e-5 + (1e-5 * Math.Abs(saliency[r][i])), $"row {r}, feature {i}");
            }

            CollectionAssert.AreEqual(first[r], again[r], $"row {r}, same seed");
        }

        Assert.IsTrue(first.Zip(other).Any(p => !p.First.SequenceEqual(p.Second)), "another seed gives other noise");
        Assert.IsTrue(first.Zip(saliency).Any(p => p.First.Zip(p.Second).Any(v => Math.Abs(v.First - v.Second) > 1e-3)), "noise changes the attributions");
    }

    [TestMethod]
    public void BadInputIsRefusedNamingTheModelValueOrColumn()
    {
        var (ml, binary, _, test) = s_models.Value;
        ITransformer tree = ml.BinaryClassification.Trainers.FastTree("Positive", numberOfTrees: 5).Fit(test);
        var noGradients = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ExplainByIntegratedGradients(tree));
        StringAssert.Contains(noGradients.Message, "FastTreeBinaryModelParameters");
        StringAssert.Contains(noGradients.Message, "ExplainByKernelShap");

        var steps = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainByIntegratedGradients(binary, steps: 0));
        Assert.AreEqual("steps", steps.ParamName);
        StringAssert.Contains(steps.Message, "Actual value was 0");
        var samples = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainBySmoothGrad(binary, samples: -1));
        Assert.AreEqual("samples", samples.ParamName);
        var baseline = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ExplainByIntegratedGradients(binary, baseline: [1f, 2f, 3f]));
        StringAssert.Contains(baseline.Message, "The baseline has 3 values; the features in column 'Features' have 4");
        var output = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainBySaliency(s_models.Value.Regression, output: ExplainedOutput.Probability));
        StringAssert.Contains(output.Message, "only a Score output");

        var estimator = ml.Transforms.ExplainBySaliency(binary);
        IDataView wrongSize = ExplanationData.Vectors(ml, [[1f, 2f, 3f]], 3);
        var size = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(wrongSize));
        StringAssert.Contains(size.Message, "Features");
        StringAssert.Contains(size.Message, "Vector<Single, 3>");

        IDataView nan = ExplanationData.Vectors(ml, [[1f, 2f, 3f, 4f], [1f, float.NaN, 3f, 4f]], 4);
        var missing = Failures.Find<InvalidDataException>(() => _ = estimator.Fit(nan).Transform(nan).GetColumn<float[]>("Attributions").ToArray());
        StringAssert.Contains(missing.Message, "Column 'Features', row 1, slot 1: the value is NaN; saliency needs finite values");
    }
}
