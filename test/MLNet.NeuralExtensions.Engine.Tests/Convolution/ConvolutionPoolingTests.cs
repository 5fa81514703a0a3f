using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Convolution;

/// <summary>
/// A convolution followed by max pooling runs as one step in a network (<see cref="Sequential.PoolsInto"/>): each
/// example's output is pooled while in cache and the positions of the maxima routed back. These tests hold that step to
/// the two layers run apart, bit for bit, and to finite differences.
/// </summary>
[TestClass]
public sealed class ConvolutionPoolingTests
{
    public static IEnumerable<object[]> Pairs =>
    [
        // 2×2 windows tiling the output (the one-pass path), with ReLU and small integers: many tied maxima, zeros among them.
        ["relu, 2×2 tiled", (Func<Layer>)(() => new Conv2D(4, 3, padding: Padding.Same, activation: ActivationFunction.ReLU)), (Func<PoolingLayer>)(() => new MaxPooling2D(2)), new TensorShape(3, 8, 8), true],
        ["linear, 2×2 tiled, valid", (Func<Layer>)(() => new Conv2D(3, 2)), (Func<PoolingLayer>)(() => new MaxPooling2D(2)), new TensorShape(2, 7, 7), true],
        ["tanh, 3×3 windows with padding", (Func<Layer>)(() => new Conv2D(2, 3, padding: Padding.Same, activation: ActivationFunction.Tanh)), (Func<PoolingLayer>)(() => new MaxPooling2D(3, padding: Padding.Same)), new TensorShape(1, 7, 7), false],
        ["sigmoid, 2×2 leaving a row and column", (Func<Layer>)(() => new Conv2D(2, 3, activation: ActivationFunction.Sigmoid)), (Func<PoolingLayer>)(() => new MaxPooling2D(2)), new TensorShape(1, 9, 9), false],
        ["relu, 1-D", (Func<Layer>)(() => new Conv1D(3, 3, padding: Padding.Same, activation: ActivationFunction.ReLU)), (Func<PoolingLayer>)(() => new MaxPooling1D(2)), new TensorShape(2, 10), true],
    ];

    [TestMethod]
    [DynamicData(nameof(Pairs))]
    public void PooledConvolutionEqualsTheTwoLayersRunApart(string name, Func<Layer> convolution, Func<PoolingLayer> pooling, TensorShape example, bool integers)
    {
        const int Batch = 5;
        var random = new Random(3);
        var conv = (ConvolutionLayer)convolution();
        PoolingLayer pool = pooling();
        var network = new Sequential(conv, pool);
        network.Build(example, seed: 2);
        Assert.IsTrue(network.PoolsInto(1), name);
        if (integers)
        {
            // Integer weights and inputs in -1..1 give integer outputs: ties for the maximum in most windows.
            foreach (Parameter parameter in network.Parameters)
            {
                Span<float> weights = parameter.Value.Span;
                for (int i = 0; i < weights.Length; i++)
                {
                    weights[i] = random.Next(-1, 2);
                }
            }
        }

        float[] values = integers
            ? [.. Enumerable.Range(0, Batch * example.Size).Select(_ => (float)random.Next(-1, 2))]
            : GradientCheck.RandomValues(random, Batch * example.Size);
        var input = new Tensor(example.WithBatch(Batch), values);
        var gradient = new Tensor(pool.OutputShape.WithBatch(Batch), GradientCheck.RandomValues(random, Batch * pool.OutputShape.Size));
        var context = new RunContext(true, new Random(1), Environment.ProcessorCount);

        float[] joint = conv.Forward(input, context, pool).ToArray();
        float[] jointInput = conv.Backward(gradient, context, needInputGradient: true)!.ToArray();
        float[][] jointParameters = [.. network.Parameters.Select(p => p.Gradient.ToArray())];

        float[] apart = pool.Forward(conv.Forward(input, context), context).ToArray();
        float[] apartInput = conv.Backward(pool.Backward(gradient, context, needInputGradient: true)!, context, needInputGradient: true)!.ToArray();

        CollectionAssert.AreEqual(apart, joint, name);
        CollectionAssert.AreEqual(apartInput, jointInput, name);
        for (int p = 0; p < jointParameters.Length; p++)
        {
            CollectionAssert.AreEqual(network.Parameters[p].Gradient.ToArray(), jointParameters[p], $"{name}: {network.Parameters[p].Name}");
        }
    }

    [TestMethod]
    public void PooledConvolutionGradientsMatchFiniteDifferences()
    {
        // Max pooling has kinks where two values of a window tie; finite differences (step 5e-3) across one are wrong by
        // half the slopes' difference. So the 2-D check keeps every window's values far apart: distinct inputs 0.1
        // apart, and near-identity kernels (centre tap 1, the others within ±0.004) that move no value by more than 0.03.
        // The second convolution's pooled step passes its input gradient to the first one, whose kernel checks it.
        var network = new Sequential(
            new Conv2D(1, 3, padding: Padding.Same), new Conv2D(2, 3, padding: Padding.Same, activation: ActivationFunction.Sigmoid), new MaxPooling2D(2),
            new Flatten(), new Dense(2));
        var shape = new TensorShape(1, 4, 4);
        network.Build(shape, seed: 1);
        var random = new Random(4);
        foreach (Conv2D conv in network.Layers.OfType<Conv2D>())
        {
            Span<float> kernel = conv.Kernel.Value.Span;
            for (int i = 0; i < kernel.Length; i++)
            {
                kernel[i] = i % 9 == 4 && (i / 9 % conv.Kernel.Value.Shape[1]) == 0 ? 1f : (random.NextSingle() - 0.5f) * 0.008f;
            }
        }

        float[] inputs = [.. Enumerable.Range(0, 32).Select(i => (i * 0.1f) - 1.6f)];
        random.Shuffle(inputs);
        Assert.IsTrue(network.PoolsInto(2));
        GradientCheck.Network(network, shape, batch: 2, inputs: inputs);
        GradientCheck.Network(new Sequential(
            new Conv1D(2, 3, activation: ActivationFunction.Sigmoid), new MaxPooling1D(3, padding: Padding.Same),
            new Conv1D(2, 2), new MaxPooling1D(2), new Flatten(), new Dense(1)), new TensorShape(2, 11));
    }

    [TestMethod]
    public void OnlyMaxPoolingWithoutOverlapAfterAnInPlaceActivationIsJoined()
    {
        var network = new Sequential(
            new Conv2D(2, 3, activation: ActivationFunction.Elu()), new MaxPooling2D(2),
            new Conv2D(2, 3, activation: ActivationFunction.ReLU), new AveragePooling2D(2),
            new Conv2D(2, 1), new Dropout(0.5f), new MaxPooling2D(2),
            new Conv2D(2, 1, activation: ActivationFunction.Tanh), new MaxPooling2D(3, strides: 2, padding: Padding.Same));
        network.Build(new TensorShape(1, 24, 24), seed: 1);
        Assert.IsFalse(Enumerable.Range(0, network.Layers.Count).Any(network.PoolsInto));
    }

    [TestMethod]
    public void TwoByTwoPositionsAreWhereThePoolingSendsItsGradient()
    {
        // The one-pass 2×2 kernel against the general forward and backward, on planes full of ties, ±0 and a NaN.
        var random = new Random(7);
        ConvolutionGeometry g = ConvolutionGeometry.ForExample(new TensorShape(1, 6, 8), 2, (2, 2), (2, 2), (1, 1), Padding.Valid, (_, m) => new ArgumentException(m));
        for (int trial = 0; trial < 200; trial++)
        {
            float[] plane = [.. Enumerable.Range(0, 48).Select(_ => random.Next(4) switch { 0 => -0f, 1 => 0f, 2 => 1f, _ => (float)random.Next(-2, 3) })];
            if (trial % 10 == 0)
            {
                plane[random.Next(48)] = float.NaN;
            }

            var pooled = new float[12];
            var positions = new int[12];
            PoolPlane.MaxWithPositions(g, plane, pooled, positions, new float[8]);

            var expected = new float[12];
            PoolPlane.Forward(g, plane, expected, max: true, new float[8]);
            float[] marks = [.. Enumerable.Range(1, 12).Select(i => (float)i)];
            var routed = new float[48];
            PoolPlane.Backward(g, plane, expected, marks, routed, max: true);
            int[] expectedPositions = [.. marks.Select(m => Array.IndexOf(routed, m))];

            CollectionAssert.AreEqual(expected, pooled, $"trial {trial}");
            CollectionAssert.AreEqual(expectedPositions, positions, $"trial {trial}");
        }
    }
}
