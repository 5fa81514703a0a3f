using System.Text.Json;

namespace MLNet.NeuralExtensions.Engine.Tests.Layers;

/// <summary>Forward passes of the convolution and recurrent layers against PyTorch on the same weights
/// (eng/golden/make_layer_goldens.py).</summary>
[TestClass]
public sealed class LayerGoldenTests
{
    private static readonly JsonElement s_golden = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "layer-goldens.json"))).RootElement;

    [TestMethod]
    [DataRow("conv2d_same_stride2")]
    [DataRow("conv2d_valid_dilation2")]
    [DataRow("conv1d_same_dilation2")]
    public void ConvolutionMatchesPyTorch(string name)
    {
        JsonElement c = s_golden.GetProperty(name);
        int[] inputShape = Ints(c, "input_shape");
        int filters = c.GetProperty("filters").GetInt32(), kernel = c.GetProperty("kernel").GetInt32();
        int stride = c.GetProperty("stride").GetInt32(), dilation = c.GetProperty("dilation").GetInt32();
        Padding padding = c.GetProperty("padding").GetString() == "same" ? Padding.Same : Padding.Valid;
        ConvolutionLayer layer = inputShape.Length == 2
            ? new Conv1D(filters, kernel, stride, padding, dilation)
            : new Conv2D(filters, kernel, stride, padding, dilation);
        Assert.AreEqual(new TensorShape(Ints(c, "output_shape")), layer.Build(new TensorShape(inputShape), new Random(1)));
        Floats(c, "kernel_values").CopyTo(layer.Kernel.Value.Span);
        Floats(c, "bias").CopyTo(layer.Bias!.Value.Span);
        AssertForward(layer, c, new TensorShape(inputShape));
    }

    [TestMethod]
    [DataRow("lstm")]
    [DataRow("gru")]
    [DataRow("rnn")]
    public void RecurrentLayersMatchPyTorch(string name)
    {
        JsonElement c = s_golden.GetProperty(name);
        int units = c.GetProperty("units").GetInt32();
        RecurrentLayer layer = name switch
        {
            "lstm" => new Lstm(units, returnSequences: true),
            "gru" => new Gru(units, returnSequences: true),
            _ => new SimpleRnn(units, returnSequences: true),
        };
        var shape = new TensorShape(c.GetProperty("steps").GetInt32(), c.GetProperty("features").GetInt32());
        layer.Build(shape, new Random(1));
        Floats(c, "kernel").CopyTo(layer.Kernel.Value.Span);
        Floats(c, "recurrent_kernel").CopyTo(layer.RecurrentKernel.Value.Span);
        Floats(c, "bias").CopyTo(layer.Bias.Value.Span);
        if (c.TryGetProperty("recurrent_bias", out _))
        {
            Floats(c, "recurrent_bias").CopyTo(layer.Parameters.Single(p => p.Name == "recurrent_bias").Value.Span);
        }

        AssertForward(layer, c, shape);
    }

    private static void AssertForward(Layer layer, JsonElement c, TensorShape example)
    {
        int batch = c.GetProperty("batch").GetInt32();
        float[] y = layer.Forward(new Tensor(example.WithBatch(batch), Floats(c, "x")), RunContext.Inference()).ToArray();
        float[] expected = Floats(c, "y");
        Assert.AreEqual(expected.Length, y.Length);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.AreEqual(expected[i], y[i], 1e-5, $"{layer} output {i}");
        }
    }

    private static float[] Floats(JsonElement c, string name) => [.. c.GetProperty(name).EnumerateArray().Select(v => v.GetSingle())];

    private static int[] Ints(JsonElement c, string name) => [.. c.GetProperty(name).EnumerateArray().Select(v => v.GetInt32())];
}
