using Microsoft.ML;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests.Transforms.Explanations;

/// <summary>The global summary of attributions and its pictures.</summary>
[TestClass]
public sealed class AttributionSummaryTests
{
    [TestMethod]
    public void TheSummaryIsTheMeanAbsoluteValueAndThePicturesArePngsOfTheAskedSize()
    {
        var ml = new MLContext(1);
        IDataView train = ExplanationData.Rows(ml, 300, seed: 1), test = ExplanationData.Rows(ml, 30, seed: 3);
        ITransformer model = ml.Regression.Trainers.FastTree("Value", numberOfTrees: 20).Fit(train);
        IDataView explained = ml.Transforms.ExplainByKernelShap(model, backgroundSize: 20).Fit(train).Transform(test);

        float[][] phi = ExplanationData.Column(explained, "Attributions");
        float[] means = AttributionSummary.MeanAbsolute(explained);
        for (int i = 0; i < 4; i++)
        {
            Assert.AreEqual(phi.Average(r => Math.Abs(r[i])), means[i], 1e-5, $"feature {i}");
        }

        // The label is 2A − B + C²/2 + sin D over [−2, 2]: A matters most.
        Assert.AreEqual(0, Array.IndexOf(means, means.Max()), $"means {string.Join(", ", means)}");

        using var files = new TempFiles();
        AttributionSummary.SaveBarChart(explained, files.PathOf("bar.png"), width: 640, height: 400);
        AttributionSummary.SaveBeeswarmChart(explained, files.PathOf("beeswarm.png"), width: 700, height: 500);
        AssertPng(files.PathOf("bar.png"), 640, 400);
        AssertPng(files.PathOf("beeswarm.png"), 700, 500);

        var mismatch = Assert.ThrowsExactly<ArgumentException>(() => AttributionSummary.SaveBeeswarmChart(
            ml.Transforms.Concatenate("Three", "A", "B", "C").Fit(explained).Transform(explained), files.PathOf("bad.png"), featureColumnName: "Three"));
        StringAssert.Contains(mismatch.Message, "Column 'Three' has 3 slots; the attributions in 'Attributions' have 4");
        Assert.IsFalse(File.Exists(files.PathOf("bad.png")));
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AttributionSummary.MeanAbsolute(test));
        StringAssert.Contains(missing.Message, "no column 'Attributions'");
    }

    private static void AssertPng(string path, int width, int height)
        => Assert.IsGreaterThan(2000, Pictures.AssertPng(path, width, height).Length, "a picture, not an empty canvas");
}
