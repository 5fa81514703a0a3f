using System.Text.Json;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Layers;

/// <summary>Grad-CAM against PyTorch on the same weights and inputs (eng/golden/make_gradcam_goldens.py), the gradient
/// of the output with respect to the feature maps against finite differences, allocation and bad input.</summary>
[TestClass]
public sealed class ClassActivationMapsTests
{
    private static readonly JsonElement s_golden = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "gradcam-goldens.json"))).RootElement;

    [TestMethod]
    [DataRow("conv_pool_logit")]
    [DataRow("conv_pool_softmax")]
    [DataRow("pool_layer_named")]
    [DataRow("conv_block_softmax")]
    [DataRow("conv1d_logit")]
    public void MapsEqualPyTorchs(string name)
    {
        JsonElement c = s_golden.GetProperty(name);
        Sequential network = GoldenNetwork(name, c);
        OutputFunction function = c.GetProperty("function").GetString() == "softmax" ? OutputFunction.Softmax : OutputFunction.Identity;
        int rows = c.GetProperty("rows").GetInt32(), layer = c.GetProperty("layer_index").GetInt32();
        var cam = new ClassActivationMaps(network, c.GetProperty("output_index").GetInt32(), function, layerIndex: name == "pool_layer_named" ? layer : null);
        Assert.AreEqual(layer, cam.LayerIndex, "the layer weighed");
        float[] maps = new float[rows * cam.MapSize], outputs = new float[rows];
        cam.Compute(Floats(c, "x"), rows, maps, outputs);
        AssertClose(Floats(c, "outputs"), outputs, 1e-5f, $"{name} output");
        AssertClose(Floats(c, "maps"), maps, 1e-5f, $"{name} map");
        Assert.IsTrue(maps.Any(v => v > 0f), "a map that is not all zero");
    }

    public static IEnumerable<object[]> Networks() =>
    [
        // Max pooling's kinks, where two values of a window tie, are straddled by finite differences: the goldens check it.
        ["non-square conv", new TensorShape(2, 7, 6), (Func<Sequential>)(() => new Sequential(
            new Conv2D(3, 3, activation: ActivationFunction.Tanh), new AveragePooling2D(2), new Flatten(), new Dense(3))), 0],
        ["conv block with batch normalization", new TensorShape(1, 8, 8), (Func<Sequential>)(() => new Sequential(
            new Conv2D(4, 3, padding: Padding.Same, activation: ActivationFunction.SiLU), new AveragePooling2D(2), new Conv2D(3, 3, padding: Padding.Same),
            new BatchNormalization(), new Activation(ActivationFunction.Gelu), new Flatten(), new Dense(8, ActivationFunction.Tanh), new Dense(3))), 4],
        ["conv1d", new TensorShape(2, 9), (Func<Sequential>)(() => new Sequential(
            new Conv1D(3, 3, activation: ActivationFunction.Tanh), new GlobalAveragePooling(), new Dense(2))), 0],
    ];

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void FeatureMapGradientsEqualFiniteDifferences(string name, TensorShape example, Func<Sequential> create, int layer)
    {
        Sequential network = create();
        network.Build(example, seed: 1);
        const int rows = 3;
        float[] features = GradientCheck.RandomValues(new Random(3), rows * example.Size);
        (Sequential head, Sequential tail) = network.Split(layer + 1);
        var context = RunContext.Inference();
        foreach (OutputFunction function in Enum.GetValues<OutputFunction>())
        {
            var cam = new ClassActivationMaps(network, outputIndex: 1, function);
            Assert.AreEqual(layer, cam.LayerIndex, $"{name}: the default layer");
            var outputs = new float[rows];
            (Tensor activations, Tensor gradients) = cam.Differentiate(new Tensor(example.WithBatch(rows), (float[])features.Clone()), outputs);
            float[] analytic = gradients.ToArray(), values = activations.ToArray();
            CollectionAssert.AreEqual(head.Forward(new Tensor(example.WithBatch(rows), (float[])features.Clone()), context).ToArray(), values, "the layer's feature maps");
            var maps = new Tensor(activations.Shape, values);
            double Objective()
            {
                float[] raw = tail.Forward(maps, context).ToArray();
                int size = raw.Length / rows;
                double sum = 0;
                for (int r = 0; r < rows; r++)
                {
                    double[] z = [.. raw.Skip(r * size).Take(size).Select(v => (double)v)];
                    sum += function switch
                    {
                        OutputFunction.Sigmoid => 1 / (1 + Math.Exp(-z[1])),
                        OutputFunction.Softmax => Math.Exp(z[1]) / z.Sum(Math.Exp),
                        _ => z[1],
                    };
                }

                return sum;
            }

            GradientCheck.Values($"{name} {function} feature maps", values, analytic, Objective);
        }
    }

    // The class is decided by a bright patch, and each row's patch lies in a known quadrant: Grad-CAM must find it there.
    // The head averages the last convolution's maps globally, where Grad-CAM's channel weights (the gradient's spatial
    // mean) are exactly the head's (Zhou et al.'s CAM); behind a flattened dense head they mix the weights of positions
    // the task never uses.
    [TestMethod]
    public void TheMapsMassLiesInTheQuadrantOfThePatchThatDecidesTheClass()
    {
        var image = new TensorShape(1, 8, 8);
        var network = new Sequential(new Conv2D(8, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new GlobalAveragePooling(), new Dense(1));
        network.Build(image, seed: 1);
        var (train, labels, _) = PatchImages(400, seed: 1);
        NetworkTrainer.Fit(network, new BinaryCrossEntropy(fromLogits: true), new Adam(0.01f), new TrainingData(image, train, labels, 1),
            new TrainingOptions { Epochs = 30, BatchSize = 32, Seed = 1 });

        var (test, testLabels, quadrants) = PatchImages(40, seed: 2);
        float[] logits = network.Predict(test, 40);
        Assert.AreEqual(40, Enumerable.Range(0, 40).Count(r => (logits[r] > 0f ? 1f : 0f) == testLabels[r]), "the network has learned the task");
        var cam = new ClassActivationMaps(network);
        float[] maps = new float[40 * 64], outputs = new float[40];
        cam.Compute(test, 40, maps, outputs);
        var lines = new List<string>();
        double share = 0;
        int positives = 0, found = 0;
        for (int r = 0; r < 40; r += 2)
        {
            double[] mass = new double[4];
            for (int i = 0; i < 64; i++)
            {
                mass[(i / 32 * 2) + (i % 8 / 4)] += maps[(r * 64) + i];
            }

            positives++;
            found += Array.IndexOf(mass, mass.Max()) == quadrants[r] ? 1 : 0;
            share += mass[quadrants[r]] / mass.Sum();
            lines.Add($"row {r}, patch in quadrant {quadrants[r]}: mass {string.Join(", ", mass.Select(m => m.ToString("G3")))}");
        }

        string detail = string.Join(Environment.NewLine, lines);
        Assert.AreEqual(positives, found, $"rows whose map has most mass in the patch's quadrant{Environment.NewLine}{detail}");
        Assert.IsGreaterThan(0.7, share / positives, $"mean share of the mass in the patch's quadrant{Environment.NewLine}{detail}");
    }

    [TestMethod]
    public void RepeatedCallsAllocateNothing()
    {
        Sequential network = new(new Conv2D(4, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2), new Flatten(), new Dense(3));
        network.Build(new TensorShape(1, 8, 8), seed: 1);
        const int rows = 16;
        var cam = new ClassActivationMaps(network, 2, OutputFunction.Softmax);
        float[] features = GradientCheck.RandomValues(new Random(6), rows * 64), maps = new float[rows * cam.MapSize], outputs = new float[rows];
        for (int i = 0; i < 3; i++)
        {
            cam.Compute(features, rows, maps, outputs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            cam.Compute(features, rows, maps, outputs);
        }

        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by 10 Grad-CAM passes");
        Assert.AreEqual(64, cam.MapSize);
        Assert.IsTrue(maps.All(v => v >= 0f), "maps are rectified");
    }

    [TestMethod]
    public void BadInputIsRefusedNamingTheValueAndTheAlternative()
    {
        Sequential mlp = new(new Dense(4, ActivationFunction.ReLU), new Dense(2));
        mlp.Build(new TensorShape(6), seed: 1);
        var flat = Assert.ThrowsExactly<InvalidOperationException>(() => new ClassActivationMaps(mlp));
        StringAssert.Contains(flat.Message, "input [6] is not an image");
        StringAssert.Contains(flat.Message, "InputGradients");

        Sequential noConvolution = new(new MaxPooling2D(2), new Flatten(), new Dense(2));
        noConvolution.Build(new TensorShape(1, 4, 4), seed: 1);
        var none = Assert.ThrowsExactly<InvalidOperationException>(() => new ClassActivationMaps(noConvolution));
        StringAssert.Contains(none.Message, "this network has none (layers: MaxPooling2D, Flatten, Dense)");
        StringAssert.Contains(none.Message, "InputGradients");

        Sequential cnn = new(new Conv2D(2, 3), new Flatten(), new Dense(2));
        cnn.Build(new TensorShape(1, 5, 5), seed: 1);
        var flatten = Assert.ThrowsExactly<ArgumentException>(() => new ClassActivationMaps(cnn, layerIndex: 1));
        StringAssert.Contains(flatten.Message, "Layer 1 (Flatten) outputs [18]");
        StringAssert.Contains(flatten.Message, "the last convolution layer is layer 0");
        var outside = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClassActivationMaps(cnn, layerIndex: 2));
        StringAssert.Contains(outside.Message, "a layer from 0 to 1, before the output layer");
        var output = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClassActivationMaps(cnn, outputIndex: 2));
        StringAssert.Contains(output.Message, "has 2 outputs per example");

        var cam = new ClassActivationMaps(cnn);
        var size = Assert.ThrowsExactly<ArgumentException>(() => cam.Compute(new float[24], 1, new float[25], new float[1]));
        StringAssert.Contains(size.Message, "need 25 values; got 24");
        var destination = Assert.ThrowsExactly<ArgumentException>(() => cam.Compute(new float[50], 2, new float[25], new float[2]));
        StringAssert.Contains(destination.Message, "need 50 map values (height × width each); the destination has 25");
        float[] nan = new float[25];
        nan[7] = float.NaN;
        var notFinite = Assert.ThrowsExactly<ArgumentException>(() => cam.Compute(nan, 1, new float[25], new float[1]));
        StringAssert.Contains(notFinite.Message, "Example 0, input value 7 is NaN");
    }

    // 8 × 8 images of faint noise; every other one (the positives, label 1) has a bright 3 × 3 patch inside quadrant
    // (row / 2) % 4 (0 top left, 1 top right, 2 bottom left, 3 bottom right), at a random offset.
    private static (float[] Images, float[] Labels, int[] Quadrants) PatchImages(int rows, int seed)
    {
        var random = new Random(seed);
        float[] images = new float[rows * 64], labels = new float[rows];
        int[] quadrants = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            Span<float> pixels = images.AsSpan(r * 64, 64);
            for (int i = 0; i < 64; i++)
            {
                pixels[i] = random.NextSingle() * 0.3f;
            }

            quadrants[r] = r / 2 % 4;
            labels[r] = r % 2 == 0 ? 1f : 0f;
            int top = (quadrants[r] / 2 * 4) + random.Next(2), left = (quadrants[r] % 2 * 4) + random.Next(2);
            for (int y = top; labels[r] == 1f && y < top + 3; y++)
            {
                for (int x = left; x < left + 3; x++)
                {
                    pixels[(y * 8) + x] = 0.8f + (random.NextSingle() * 0.2f);
                }
            }
        }

        return (images, labels, quadrants);
    }

    private static Sequential GoldenNetwork(string name, JsonElement c)
    {
        Sequential network = name switch
        {
            "conv_block_softmax" => new Sequential(new Conv2D(4, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
                new Conv2D(3, 3, padding: Padding.Same), new BatchNormalization(epsilon: 1e-3f), new Activation(ActivationFunction.ReLU), new Flatten(), new Dense(2)),
            "conv1d_logit" => new Sequential(new Conv1D(3, 3, activation: ActivationFunction.ReLU), new Flatten(), new Dense(2)),
            _ => new Sequential(new Conv2D(3, 3, activation: ActivationFunction.ReLU), new MaxPooling2D(2), new Flatten(), new Dense(3)),
        };
        network.Build(new TensorShape([.. c.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt32())]), seed: 1);
        JsonElement[] parameters = [.. c.GetProperty("parameters").EnumerateArray()];
        Assert.HasCount(parameters.Length, network.Parameters);
        for (int i = 0; i < parameters.Length; i++)
        {
            float[] values = [.. parameters[i].EnumerateArray().Select(e => e.GetSingle())];
            Assert.HasCount(network.Parameters[i].Value.Length, values, $"parameter {i} ({network.Parameters[i].Name})");
            values.CopyTo(network.Parameters[i].Value.Span);
        }

        return network;
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], tolerance * Math.Max(1f, Math.Abs(expected[i])), $"{what} {i}");
        }
    }

    private static float[] Floats(JsonElement c, string name) => [.. c.GetProperty(name).EnumerateArray().Select(e => e.GetSingle())];
}
