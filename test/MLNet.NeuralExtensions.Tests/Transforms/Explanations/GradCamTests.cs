using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests.Transforms.Explanations;

/// <summary>Grad-CAM of trained Cnns as an ML.NET transform: the engine's maps in a column of the image's height × width,
/// persistence, and bad input. Where the maps put their mass is the engine's test (ClassActivationMapsTests).</summary>
[TestClass]
public sealed class GradCamTests
{
    private const int Side = 8;

    // The quadrant of the patch: bottom right.
    private const int Quadrant = 3;

    private static readonly Lazy<(MLContext Ml, ITransformer Model, IDataView Test)> s_model = new(() =>
    {
        var ml = new MLContext(1);
        ITransformer model = ml.BinaryClassification.Trainers.Cnn(new CnnOptions { ConvolutionFilters = [4, 4], HiddenLayers = [8], Epochs = 3, Seed = 1 })
            .Fit(PatchImages(ml, 200, seed: 1));
        return (ml, model, PatchImages(ml, 12, seed: 2));
    });

    [TestMethod]
    public void TheColumnHoldsTheEnginesMapsWithThePixelsSlotNamesAndLoadsFromAModelFile()
    {
        var (ml, model, test) = s_model.Value;
        NetworkAttributionTransformer transformer = ml.Transforms.ExplainByGradCam(model, outputColumnName: "Where").Fit(test);
        Assert.AreEqual((AttributionMethod.GradCam, 2, Side * Side, Side * Side), (transformer.Method, transformer.LayerIndex, transformer.AttributionCount, transformer.FeatureCount),
            "method, the last convolution layer (Conv2D, MaxPooling2D, Conv2D…), sizes");
        IDataView explained = transformer.Transform(test);
        DataViewSchema.Column column = explained.Schema["Where"];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, Side * Side), column.Type);

        NeuralNetworkModelParameters network = ((ISingleFeaturePredictionTransformer<NeuralNetworkModelParameters>)model).Model;
        var cam = new ClassActivationMaps(network.Network, layerIndex: 2);
        float[][] features = ExplanationData.Column(test, "Features"), maps = ExplanationData.Column(explained, "Where");
        float[] expected = new float[features.Length * Side * Side], outputs = new float[features.Length];
        cam.Compute([.. features.SelectMany(f => f)], features.Length, expected, outputs);
        CollectionAssert.AreEqual(expected, maps.SelectMany(m => m).ToArray(), "the engine's maps, row by row");
        Assert.IsTrue(maps.Any(m => m.Any(v => v > 0f)), "maps that are not all zero");

        using var file = new MemoryStream();
        ml.Model.Save(transformer, test.Schema, file);
        file.Position = 0;
        var loaded = (NetworkAttributionTransformer)new MLContext(2).Model.Load(file, out _);
        Assert.AreEqual((AttributionMethod.GradCam, 2), (loaded.Method, loaded.LayerIndex));
        CollectionAssert.AreEqual(maps.SelectMany(m => m).ToArray(), ExplanationData.Column(loaded.Transform(test), "Where").SelectMany(m => m).ToArray(), "after loading");
    }

    [TestMethod]
    public void APipelineEndingInGradCamGivesTheSameMapsInAnotherProcess()
    {
        var (ml, model, test) = s_model.Value;
        ITransformer pipeline = new TransformerChain<ITransformer>(model).Append(ml.Transforms.ExplainByGradCam(model, outputColumnName: "Where").Fit(model.Transform(test)));
        float[] here = [.. ExplanationData.Column(pipeline.Transform(test), "Where").SelectMany(m => m)];
        using var files = new TempFiles();
        float[] there = [.. ExplanationData.Column(ModelHost.ScoreInChildProcess(ml, pipeline, test, files), "Where").SelectMany(m => m)];
        Assert.IsTrue(here.Any(v => v > 0f), "maps that are not all zero");
        CollectionAssert.AreEqual(here, there, "the child process, loading model.zip with a fresh MLContext, computes the same maps");
    }

    [TestMethod]
    public void AnImageOfSeveralChannelsHasOneValuePerPixelWithoutTheFeaturesSlotNames()
    {
        var ml = new MLContext(1);
        IDataView images = ml.Transforms.Concatenate("Features", "Features").Fit(PatchImages(ml, 40, seed: 3)).Transform(PatchImages(ml, 40, seed: 3));
        ITransformer model = ml.BinaryClassification.Trainers.Cnn(new CnnOptions { ImageChannels = 4, ConvolutionFilters = [2], HiddenLayers = [], Epochs = 1, Seed = 1 }).Fit(images);
        var estimator = ml.Transforms.ExplainByGradCam(model, layerIndex: 0);
        IDataView explained = estimator.Fit(images).Transform(images);
        DataViewSchema.Column column = explained.Schema["Attributions"];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 16), column.Type, "4 channels of 4 × 4 pixels");
        Assert.IsFalse(column.HasSlotNames(), "slot names are the features', one per channel and pixel");
        SchemaShape.Column promised = estimator.GetOutputSchema(Forecasting.ForecastingData.ShapeOf(images.Schema)).Single(c => c.Name == "Attributions");
        Assert.IsFalse(promised.Annotations.Any(a => a.Name == "SlotNames"), "the estimator promises no slot names either");
        Assert.HasCount(40, ExplanationData.Column(explained, "Attributions"));
    }

    [TestMethod]
    public void BadInputIsRefusedNamingTheValueAndTheAlternative()
    {
        var (ml, model, test) = s_model.Value;
        ITransformer mlp = ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [4], Epochs = 1 }).Fit(test);
        var notCnn = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ExplainByGradCam(mlp));
        StringAssert.Contains(notCnn.Message, "input [64] is not an image");
        StringAssert.Contains(notCnn.Message, "ExplainByIntegratedGradients");
        ITransformer tree = ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 2).Fit(test);
        var noGradients = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ExplainByGradCam(tree));
        StringAssert.Contains(noGradients.Message, "Grad-CAM needs the gradients of a network");
        StringAssert.Contains(noGradients.Message, "ExplainByKernelShap");

        var flatten = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ExplainByGradCam(model, layerIndex: 4));
        Assert.AreEqual("layerIndex", flatten.ParamName);
        StringAssert.Contains(flatten.Message, "Layer 4 (Flatten) outputs [16]");
        StringAssert.Contains(flatten.Message, "the last convolution layer is layer 2");
        var outside = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainByGradCam(model, layerIndex: 9));
        StringAssert.Contains(outside.Message, "The network has 7 layers");
        var classIndex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainByGradCam(model, classIndex: 1));
        StringAssert.Contains(classIndex.Message, "class index 0");

        var size = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ExplainByGradCam(model).Fit(ExplanationData.Vectors(ml, [[1f, 2f, 3f]], 3)));
        StringAssert.Contains(size.Message, "Vector<Single, 3>");
    }

    /// <summary>Rows of 8 × 8 one-channel images ("Features") of faint noise with a 3 × 3 patch somewhere inside the
    /// bottom-right quadrant: bright in every other row (the positives, "Label" true), dim in the others.</summary>
    private static IDataView PatchImages(MLContext ml, int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<ImageRow>();
        for (int i = 0; i < count; i++)
        {
            float[] pixels = [.. Enumerable.Range(0, Side * Side).Select(_ => random.NextSingle() * 0.3f)];
            bool positive = i % 2 == 0;
            int top = ((Quadrant / 2) * (Side / 2)) + random.Next(2), left = ((Quadrant % 2) * (Side / 2)) + random.Next(2);
            for (int y = top; y < top + 3; y++)
            {
                for (int x = left; x < left + 3; x++)
                {
                    pixels[(y * Side) + x] = (positive ? 0.9f : 0.45f) + (random.NextSingle() * 0.1f);
                }
            }

            rows.Add(new ImageRow { Features = pixels, Label = positive });
        }

        var definition = SchemaDefinition.Create(typeof(ImageRow));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Side * Side);
        return ml.Data.LoadFromEnumerable(rows, definition);
    }

    private sealed class ImageRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
