using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Layers;

[TestClass]
public sealed class InputGradientsTests
{
    public static IEnumerable<object[]> Networks() =>
    [
        ["mlp", new TensorShape(7), (Func<Sequential>)(() => new Sequential(
            new Dense(16, ActivationFunction.Tanh), new BatchNormalization(), new Dropout(0.3f), new Dense(8, ActivationFunction.Gelu), new LayerNormalization(), new Dense(3)))],
        ["cnn", new TensorShape(2, 6, 6), (Func<Sequential>)(() => new Sequential(
            new Conv2D(4, 3, padding: Padding.Same, activation: ActivationFunction.Tanh), new AveragePooling2D(2),
            new Conv2D(3, 2, activation: ActivationFunction.SiLU), new BatchNormalization(), new Flatten(), new Dense(3)))],
        ["lstm", new TensorShape(5, 3), (Func<Sequential>)(() => new Sequential(
            new Lstm(6, returnSequences: true), new Bidirectional(new Gru(4)), new Dense(3)))],
    ];

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void GradientsOfEveryOutputFunctionEqualFiniteDifferences(string name, TensorShape example, Func<Sequential> create)
    {
        Sequential network = Built(create, example);
        const int rows = 4;
        float[] features = GradientCheck.RandomValues(new Random(3), rows * example.Size);
        foreach (OutputFunction function in Enum.GetValues<OutputFunction>())
        {
            var gradients = new InputGradients(network, outputIndex: 1, function);
            float[] analytic = new float[features.Length], outputs = new float[rows];
            gradients.Compute(features, rows, analytic, outputs);
            float[] scratch = new float[features.Length];
            double Objective()
            {
                gradients.Compute(features, rows, scratch, outputs);
                return outputs.Sum(v => (double)v);
            }

            GradientCheck.Values($"{name} {function} input", features, analytic, Objective);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void OutputsAreTheNetworksOutputAfterTheFunction(string name, TensorShape example, Func<Sequential> create)
    {
        Sequential network = Built(create, example);
        const int rows = 3;
        float[] features = GradientCheck.RandomValues(new Random(4), rows * example.Size);
        float[] raw = network.Predict(features, rows);
        var outputs = new float[rows];
        new InputGradients(network, outputIndex: 2, OutputFunction.Softmax).Compute(features, rows, new float[features.Length], outputs);
        for (int r = 0; r < rows; r++)
        {
            double[] e = [.. raw.Skip(r * 3).Take(3).Select(v => Math.Exp(v))];
            Assert.AreEqual(e[2] / e.Sum(), outputs[r], 1e-6, $"{name} example {r}");
        }
    }

    // Max pooling has kinks where two values tie, which finite differences straddle; the convolution that pools its own
    // output must back-propagate to the input exactly as a separate pooling layer does.
    [TestMethod]
    public void AConvolutionPoolingItsOutputGivesTheInputGradientOfSeparateLayers()
    {
        var example = new TensorShape(2, 6, 6);
        Sequential fused = Built(() => new Sequential(new Conv2D(4, 3, padding: Padding.Same), new MaxPooling2D(2), new Flatten(), new Dense(3)), example);
        Sequential separate = Built(() => new Sequential(new Conv2D(4, 3, padding: Padding.Same), new Activation(ActivationFunction.Linear), new MaxPooling2D(2), new Flatten(), new Dense(3)), example);
        Assert.IsTrue(fused.PoolsInto(1) && !separate.PoolsInto(2));
        const int rows = 4;
        float[] features = GradientCheck.RandomValues(new Random(3), rows * example.Size);
        float[] viaFused = new float[features.Length], viaSeparate = new float[features.Length], outputs = new float[rows];
        new InputGradients(fused).Compute(features, rows, viaFused, outputs);
        new InputGradients(separate).Compute(features, rows, viaSeparate, outputs);
        for (int i = 0; i < features.Length; i++)
        {
            Assert.AreEqual(viaSeparate[i], viaFused[i], 1e-5f, $"input value {i}");
        }

        Assert.IsTrue(viaFused.Count(v => v != 0f) > features.Length / 2, "most inputs reach a pooled maximum");
    }

    // Input gradients skip the parameters' gradients (the weight products of dense, convolution and recurrent layers, the
    // normalizations' sums): the gradient checks above hold on that path, and the parameters' gradients stay untouched.
    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void BackwardToInputLeavesTheParametersGradientsAsTheyAre(string name, TensorShape example, Func<Sequential> create)
    {
        Sequential network = Built(create, example);
        const int rows = 4;
        var context = RunContext.Inference();
        var input = new Tensor(example.WithBatch(rows), GradientCheck.RandomValues(new Random(7), rows * example.Size));
        Tensor output = network.Forward(input, context);
        foreach (Parameter parameter in network.Parameters)
        {
            parameter.Gradient.Span.Fill(7f);
        }

        Tensor gradient = network.BackwardToInput(new Tensor(output.Shape, GradientCheck.RandomValues(new Random(8), output.Length)), context);
        Assert.IsTrue(gradient.Span.ToArray().Any(v => v != 0f), $"{name}: an input gradient");
        Assert.IsTrue(context.ParameterGradients, "the context is as it was");
        foreach (Parameter parameter in network.Parameters)
        {
            Assert.IsTrue(parameter.Gradient.Span.ToArray().All(v => v == 7f), $"{name}: the gradient of '{parameter.Name}' is untouched");
        }
    }

    [TestMethod]
    public void GradientsFlowThroughFrozenLayersAndBatchesOfAnySize()
    {
        Sequential network = Built(() => new Sequential(new Dense(5, ActivationFunction.Tanh), new Dense(1)), new TensorShape(4));
        network.Layers[0].IsTrainable = false;
        const int rows = 300;
        float[] features = GradientCheck.RandomValues(new Random(5), rows * 4);
        var gradients = new InputGradients(network);
        float[] all = new float[features.Length], outputs = new float[rows];
        gradients.Compute(features, rows, all, outputs);
        float[] one = new float[4], output = new float[1];
        foreach (int r in new[] { 0, 255, 256, 299 })
        {
            gradients.Compute(features.AsSpan(r * 4, 4), 1, one, output);
            CollectionAssert.AreEqual(one, all[(r * 4)..((r + 1) * 4)], $"example {r}");
            Assert.IsTrue(one.Any(v => v != 0f), $"example {r} has a gradient");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void RepeatedCallsAllocateNothing(string name, TensorShape example, Func<Sequential> create)
    {
        Sequential network = Built(create, example);
        const int rows = 32;
        float[] features = GradientCheck.RandomValues(new Random(6), rows * example.Size);
        float[] gradients = new float[features.Length], outputs = new float[rows];
        var helper = new InputGradients(network, 0, OutputFunction.Softmax);
        for (int i = 0; i < 3; i++)
        {
            helper.Compute(features, rows, gradients, outputs);
        }

        long[] rounds = new long[2];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                helper.Compute(features, rows, gradients, outputs);
            }

            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.AreEqual(0, rounds.Min(), $"bytes allocated by 10 {name} gradient passes, two rounds: {string.Join(", ", rounds)}");
    }

    [TestMethod]
    public void BadInputIsRefusedNamingTheValue()
    {
        Sequential network = Built(() => new Sequential(new Dense(2)), new TensorShape(3));
        var gradients = new InputGradients(network);
        float[] features = [1f, 2f, 3f, 4f, float.NaN, 6f];
        var nan = Assert.ThrowsExactly<ArgumentException>(() => gradients.Compute(features, 2, new float[6], new float[2]));
        StringAssert.Contains(nan.Message, "Example 1, input value 1 is NaN");
        var size = Assert.ThrowsExactly<ArgumentException>(() => gradients.Compute(new float[5], 2, new float[5], new float[2]));
        StringAssert.Contains(size.Message, "need 6 values; got 5");
        var index = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new InputGradients(network, outputIndex: 2));
        StringAssert.Contains(index.Message, "has 2 outputs per example");

        Sequential tokens = Built(() => new Sequential(new Embedding(10, 4), new Lstm(3), new Dense(1)), new TensorShape(5));
        var embedding = Assert.ThrowsExactly<InvalidOperationException>(() => new InputGradients(tokens));
        StringAssert.Contains(embedding.Message, "Embedding");
    }

    private static Sequential Built(Func<Sequential> create, TensorShape example)
    {
        Sequential network = create();
        network.Build(example, seed: 1);
        var random = new Random(2);
        foreach (Parameter state in network.Parameters.Where(p => p.IsState))
        {
            // Moving statistics as training would leave them: means near 0, variances near 1.
            Span<float> values = state.Value.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = state.Name == "moving_variance" ? 0.5f + random.NextSingle() : random.NextSingle() - 0.5f;
            }
        }

        return network;
    }
}
