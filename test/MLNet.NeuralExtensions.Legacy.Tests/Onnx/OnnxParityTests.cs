using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Tests.Onnx;

[TestClass]
public sealed class OnnxParityTests
{
    private const float Tolerance = 1e-4f;

    [TestMethod]
    [DynamicData(nameof(OnnxTestNetworks.Names), typeof(OnnxTestNetworks))]
    public void OnnxRuntimeScoresTheExportedNetworkAsTheEngineDoes(string name)
    {
        var (network, inputs) = OnnxTestNetworks.Create(name);
        float[] expected = network.Predict(inputs, OnnxTestNetworks.Batch);
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(network));
        float[] actual = scorer.Score(inputs, OnnxTestNetworks.Batch);
        AssertClose(expected, actual, name);
    }

    [TestMethod]
    public void ScoringOneRowAtATimeAndInBatchesAgrees()
    {
        var (network, _) = OnnxTestNetworks.Create("Network_CNN");
        float[] inputs = OnnxTestNetworks.Inputs(network, 40, new Random(9));
        float[] expected = network.Predict(inputs, 40);
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(network));
        int inputSize = network.InputShape.Size, outputSize = network.OutputShape.Size;
        var single = new float[expected.Length];
        for (int row = 0; row < 40; row++)
        {
            scorer.Score(inputs.AsSpan(row * inputSize, inputSize), 1, single.AsSpan(row * outputSize, outputSize));
        }

        AssertClose(expected, single, "one row at a time");
        // Batch sizes come and go between calls.
        foreach (int rows in (int[])[7, 40, 1, 13, 2, 40])
        {
            AssertClose(expected.AsSpan(0, rows * outputSize).ToArray(), scorer.Score(inputs.AsSpan(0, rows * inputSize), rows), $"batch of {rows}");
        }
    }

    [TestMethod]
    public void RecurrentNetworksTakeSequencesOfAnyLength()
    {
        var (network, _) = OnnxTestNetworks.Create("Network_TextLSTM");
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(network));
        Assert.AreEqual("[batch×sequence]", scorer.Inputs[0].ShapeText);
        Assert.AreEqual("[batch×2]", scorer.Outputs[0].ShapeText);
        foreach (int steps in (int[])[3, 7, 11])
        {
            // The same weights in a network built for this length.
            var (twin, _) = OnnxTestNetworks.Cases["Network_TextLSTM"]();
            twin.Build(new TensorShape(steps), seed: 1);
            foreach (var (source, target) in network.Parameters.Zip(twin.Parameters))
            {
                source.Value.Span.CopyTo(target.Value.Span);
            }

            float[] inputs = OnnxTestNetworks.Inputs(twin, 2, new Random(steps));
            OnnxTensor result = scorer.Run(new Dictionary<string, OnnxTensor> { ["input"] = OnnxTensor.Create(inputs, 2, steps) })["output"];
            AssertClose(twin.Predict(inputs, 2), result.GetData<float>(), $"{steps} steps");
        }
    }

    [TestMethod]
    public void ReturnedSequencesKeepTheirOpenLength()
    {
        var (network, _) = OnnxTestNetworks.Create("LSTM_Sequences_Backwards");
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(network));
        Assert.AreEqual("[batch×sequence×2]", scorer.Inputs[0].ShapeText);
        Assert.AreEqual("[batch×sequence×3]", scorer.Outputs[0].ShapeText);
    }

    [TestMethod]
    public void ALayerWithoutAnOnnxFormSaysWhichAndWhy()
    {
        var network = new Sequential(new Dense(3), new SimpleRnn(2, ActivationFunction.Gelu));
        network.Build(new TensorShape(4, 2), seed: 1);
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => OnnxTestNetworks.ToOnnx(network));
        StringAssert.Contains(ex.Message, "Layer 1 (SimpleRNN)");
        StringAssert.Contains(ex.Message, "Gelu");
    }

    [TestMethod]
    public void AnUnbuiltNetworkCannotBeExported()
        => Assert.ThrowsExactly<InvalidOperationException>(() => OnnxTestNetworks.ToOnnx(new Sequential(new Dense(2))));

    internal static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: output length");
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= Tolerance))
            {
                Assert.Fail($"{what}: output {i} is {actual[i]} through ONNX Runtime and {expected[i]} in the engine.");
            }
        }
    }
}
