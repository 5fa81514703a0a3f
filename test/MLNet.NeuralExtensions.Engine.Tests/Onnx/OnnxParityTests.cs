using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Onnx;

[TestClass]
public sealed class OnnxParityTests
{
    [TestMethod]
    [DynamicData(nameof(OnnxTestNetworks.NamesAndOpsets), typeof(OnnxTestNetworks))]
    public void OnnxRuntimeScoresTheExportedNetworkAsTheEngineDoes(string name, int opset)
    {
        var (network, inputs) = OnnxTestNetworks.Create(name);
        float[] expected = network.Predict(inputs, OnnxTestNetworks.Batch);
        using var scorer = new OnnxRuntimeScorer(OnnxTestNetworks.ToOnnx(network, opset));
        float[] actual = scorer.Score(inputs, network.InputShape, OnnxTestNetworks.Batch);
        OnnxTestNetworks.AssertClose(expected, actual, $"{name} at opset {opset}");
    }

    [TestMethod]
    [DataRow(9)]
    [DataRow(12)]
    [DataRow(17)]
    public void ScoringOneRowAtATimeAndInBatchesAgrees(int opset)
    {
        var (network, _) = OnnxTestNetworks.Create("Network_CNN");
        float[] inputs = OnnxTestNetworks.Inputs(network, 40, new Random(9));
        float[] expected = network.Predict(inputs, 40);
        using var scorer = new OnnxRuntimeScorer(OnnxTestNetworks.ToOnnx(network, opset));
        int inputSize = network.InputShape.Size, outputSize = network.OutputShape.Size;
        var single = new float[expected.Length];
        for (int row = 0; row < 40; row++)
        {
            scorer.Score(inputs.AsSpan(row * inputSize, inputSize), network.InputShape, 1).CopyTo(single.AsSpan(row * outputSize, outputSize));
        }

        OnnxTestNetworks.AssertClose(expected, single, "one row at a time");
        // Batch sizes come and go between calls.
        foreach (int rows in (int[])[7, 40, 1, 13, 2, 40])
        {
            OnnxTestNetworks.AssertClose(expected.AsSpan(0, rows * outputSize), scorer.Score(inputs.AsSpan(0, rows * inputSize), network.InputShape, rows), $"batch of {rows}");
        }
    }

    [TestMethod]
    public void TheModelsSignatureHasANamedBatchAxis()
    {
        using var scorer = new OnnxRuntimeScorer(OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create("Network_CNN").Network));
        Assert.AreEqual("[batch×1×14×14]", scorer.InputShape);
        Assert.AreEqual("[batch×10]", scorer.OutputShape);
    }

    [TestMethod]
    [DataRow(10)]
    [DataRow(12)]
    [DataRow(17)]
    public void RecurrentNetworksTakeSequencesOfAnyLength(int opset)
    {
        var (network, _) = OnnxTestNetworks.Create("Network_TextLSTM");
        using var scorer = new OnnxRuntimeScorer(OnnxTestNetworks.ToOnnx(network, opset));
        Assert.AreEqual("[batch×sequence]", scorer.InputShape);
        Assert.AreEqual("[batch×2]", scorer.OutputShape);
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
            OnnxTestNetworks.AssertClose(twin.Predict(inputs, 2), scorer.Run(inputs, [2, steps]), $"{steps} steps");
        }
    }

    [TestMethod]
    public void ReturnedSequencesKeepTheirOpenLength()
    {
        var (network, _) = OnnxTestNetworks.Create("LSTM_Sequences_Backwards");
        using var scorer = new OnnxRuntimeScorer(OnnxTestNetworks.ToOnnx(network));
        Assert.AreEqual("[batch×sequence×2]", scorer.InputShape);
        Assert.AreEqual("[batch×sequence×3]", scorer.OutputShape);
    }

    [TestMethod]
    public void DropoutAndNoiseLeaveTheGraph()
    {
        var (network, _) = OnnxTestNetworks.Create("Dropout_GaussianNoise");
        foreach (int opset in (int[])[9, 12, 17])
        {
            CollectionAssert.AreEqual(new[] { "Gemm", "Identity" }, Operators(network, opset), $"opset {opset}");
        }
    }

    [TestMethod]
    public void TheModelImportsTheAskedOpsetAndRefusesOthers()
    {
        var (network, _) = OnnxTestNetworks.Create("Dense_ReLU");
        using (var stream = new MemoryStream())
        {
            network.ConvertToOnnx(stream);
            Assert.AreEqual(17, ModelProto.Parser.ParseFrom(stream.ToArray()).OpsetImport.Single().Version, "the default");
        }

        for (int opset = 9; opset <= 17; opset++)
        {
            OperatorSetIdProto import = Model(network, opset).OpsetImport.Single();
            Assert.AreEqual("", import.Domain);
            Assert.AreEqual(opset, import.Version);
        }

        foreach (int opset in (int[])[8, 18])
        {
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => OnnxTestNetworks.ToOnnx(network, opset));
            StringAssert.Contains(ex.Message, $"Networks are written for ONNX opsets 9 to 17; opset {opset} was asked for.");
        }
    }

    [TestMethod]
    public void LayerNormalizationIsItsArithmeticBeforeOpset17()
    {
        var (network, inputs) = OnnxTestNetworks.Create("LayerNormalization");
        float[] expected = network.Predict(inputs, OnnxTestNetworks.Batch);
        for (int opset = 9; opset <= 17; opset++)
        {
            string[] operators = Operators(network, opset);
            Assert.AreEqual(opset >= 17, operators.Contains("LayerNormalization"), $"opset {opset}: {string.Join(", ", operators)}");
            Assert.AreEqual(opset < 17, operators.Contains("ReduceMean"), $"opset {opset}: {string.Join(", ", operators)}");
            using var scorer = new OnnxRuntimeScorer(OnnxTestNetworks.ToOnnx(network, opset));
            OnnxTestNetworks.AssertClose(expected, scorer.Score(inputs, network.InputShape, OnnxTestNetworks.Batch), $"opset {opset}");
        }
    }

    [TestMethod]
    public void SqueezeTakesItsAxesAsAnAttributeBeforeOpset13AndAsAnInputFrom13()
    {
        var (network, _) = OnnxTestNetworks.Create("LSTM");
        for (int opset = 9; opset <= 17; opset++)
        {
            NodeProto squeeze = Model(network, opset).Graph.Node.Single(n => n.OpType == "Squeeze");
            Assert.AreEqual(opset < 13 ? 0 : 1, squeeze.Input.Count - 1, $"opset {opset}: axes input");
            Assert.AreEqual(opset < 13, squeeze.Attribute.Any(a => a.Name == "axes"), $"opset {opset}: axes attribute");
        }
    }

    [TestMethod]
    [DynamicData(nameof(OnnxTestNetworks.Names), typeof(OnnxTestNetworks))]
    public void OnlyLayersThatReverseTheStepsNeedMoreThanOpset9(string name)
    {
        var (network, _) = OnnxTestNetworks.Create(name);
        if (OnnxTestNetworks.EarliestOpset(network) == 9)
        {
            Assert.IsNotEmpty(OnnxTestNetworks.ToOnnx(network, 9));
            return;
        }

        var ex = Assert.ThrowsExactly<NotSupportedException>(() => OnnxTestNetworks.ToOnnx(network, 9));
        int layer = network.Layers.ToList().FindIndex(l => l is Bidirectional or RecurrentLayer { GoBackwards: true });
        StringAssert.StartsWith(ex.Message, $"Layer {layer} ({network.Layers[layer].TypeName}): Going backwards over the steps");
        StringAssert.EndsWith(ex.Message, "needs ONNX opset 10 or later; the graph is written for opset 9.");
        Assert.IsNotEmpty(OnnxTestNetworks.ToOnnx(network, 10));
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

    private static ModelProto Model(Sequential network, int opset) => ModelProto.Parser.ParseFrom(OnnxTestNetworks.ToOnnx(network, opset));

    private static string[] Operators(Sequential network, int opset) => [.. Model(network, opset).Graph.Node.Select(n => n.OpType)];
}
