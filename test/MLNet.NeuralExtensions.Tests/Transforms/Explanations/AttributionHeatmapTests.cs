using Microsoft.ML;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;
using SkiaSharp;

namespace MLNet.NeuralExtensions.Tests.Transforms.Explanations;

/// <summary>Heat-map pictures of Grad-CAM and Integrated Gradients over digit images.</summary>
[TestClass]
public sealed class AttributionHeatmapTests
{
    [TestMethod]
    public void OnePngPerRowOfTheImagesSizeTimesTheCellSizeIsWritten()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "digits", keyLabel: true);
        ITransformer model = ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { ConvolutionFilters = [4], HiddenLayers = [], Epochs = 1, Seed = 1 }).Fit(train);
        IDataView scored = model.Transform(ml.Data.TakeRows(test, 3));
        IDataView gradCam = ml.Transforms.ExplainByGradCam(model, classIndex: 3).Fit(scored).Transform(scored);
        IDataView integrated = ml.Transforms.ExplainByIntegratedGradients(model, classIndex: 3, steps: 8).Fit(scored).Transform(scored);

        using var files = new TempFiles();
        IReadOnlyList<string> maps = AttributionHeatmap.SaveAll(gradCam, files.PathOf("maps"), 8, 8, pixelsPerCell: 20);
        IReadOnlyList<string> gradients = AttributionHeatmap.SaveAll(integrated, files.PathOf("ig"), 8, 8, fileNamePrefix: "ig-", maximumRows: 2);
        CollectionAssert.AreEqual(new[] { "heatmap-0.png", "heatmap-1.png", "heatmap-2.png" }, maps.Select(Path.GetFileName).ToArray());
        CollectionAssert.AreEqual(new[] { "ig-0.png", "ig-1.png" }, gradients.Select(Path.GetFileName).ToArray());
        foreach (string path in maps)
        {
            Pictures.AssertPng(path, 160, 160);
        }

        foreach (string path in gradients)
        {
            Pictures.AssertPng(path, 256, 256);
        }

        Assert.AreEqual(5, Directory.EnumerateFiles(files.Root, "*", SearchOption.AllDirectories).Count(), "nothing else, no temporary file left");
    }

    [TestMethod]
    public void AFailedSaveLeavesNoHalfWrittenFileAndBadSizesAreNamed()
    {
        using var files = new TempFiles();
        float[] image = [.. Enumerable.Range(0, 12).Select(i => i / 12f)], map = [.. Enumerable.Range(0, 12).Select(i => (float)(i % 5))];
        string good = files.PathOf("good.png");
        AttributionHeatmap.Save(image, map, 3, 4, good, pixelsPerCell: 10);
        Pictures.AssertPng(good, 40, 30);

        // Row 0 of the image is the top of the picture: the image alone, then the map alone at its largest value.
        float[] corner = new float[12], spot = new float[12];
        corner[0] = 1f;
        spot[6] = 2f;
        string alone = files.PathOf("alone.png"), heat = files.PathOf("heat.png");
        AttributionHeatmap.Save(corner, spot, 3, 4, alone, pixelsPerCell: 10, opacity: 0f);
        AttributionHeatmap.Save(corner, spot, 3, 4, heat, pixelsPerCell: 10, opacity: 1f);
        using (SKBitmap picture = SKBitmap.Decode(alone))
        {
            Assert.AreEqual(SKColors.White, picture.GetPixel(5, 5), "the bright pixel, top left");
            Assert.AreEqual(SKColors.Black, picture.GetPixel(5, 25), "a dark pixel, bottom left");
        }

        using (SKBitmap picture = SKBitmap.Decode(heat))
        {
            SKColor hot = picture.GetPixel(25, 15), cold = picture.GetPixel(5, 5);
            Assert.IsTrue(hot.Red > 100 && hot.Blue < 50, $"Turbo's top, dark red, at row 1, column 2: {hot}");
            Assert.IsTrue(cold.Blue > cold.Red, $"Turbo's bottom, dark blue, elsewhere: {cold}");
        }

        File.Delete(alone);
        File.Delete(heat);

        // The picture is rendered and written to a temporary file, then moving it onto a directory fails.
        string taken = files.PathOf("taken.png");
        Directory.CreateDirectory(taken);
        Assert.ThrowsExactly<IOException>(() => AttributionHeatmap.Save(image, map, 3, 4, taken));
        CollectionAssert.AreEqual(new[] { "good.png" }, Directory.EnumerateFiles(files.Root).Select(Path.GetFileName).ToArray(), "no temporary file left");

        var size = Assert.ThrowsExactly<ArgumentException>(() => AttributionHeatmap.Save(image, map.AsSpan(0, 10), 3, 4, files.PathOf("bad.png")));
        StringAssert.Contains(size.Message, "'attributions' has 10 values, which is not a whole number of 3 × 4 images");
        map[4] = float.NaN;
        var nan = Assert.ThrowsExactly<ArgumentException>(() => AttributionHeatmap.Save(image, map, 3, 4, files.PathOf("bad.png")));
        StringAssert.Contains(nan.Message, "'attributions' value 4 is NaN");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AttributionHeatmap.Save(image, image, 3, 4, files.PathOf("bad.png"), opacity: 1.5f));
        Assert.IsFalse(File.Exists(files.PathOf("bad.png")));
    }
}
