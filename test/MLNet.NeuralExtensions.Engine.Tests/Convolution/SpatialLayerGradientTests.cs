using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Convolution;

[TestClass]
public sealed class SpatialLayerGradientTests
{
    [TestMethod]
    public void Conv2DGradientsMatchForEveryGeometry()
    {
        GradientCheck.Layer(new Conv2D(3, 3), new TensorShape(2, 5, 6));
        GradientCheck.Layer(new Conv2D(2, 3, strides: 2, padding: Padding.Same, activation: ActivationFunction.Tanh), new TensorShape(2, 6, 5));
        GradientCheck.Layer(new Conv2D(2, 2, padding: Padding.Same, dilationRate: 2, useBias: false), new TensorShape(1, 5, 5));
        GradientCheck.Layer(new Conv2D(2, (1, 3), (2, 1), (1, 2), Padding.Valid), new TensorShape(3, 4, 7));
    }

    [TestMethod]
    public void Conv1DGradientsMatch()
    {
        GradientCheck.Layer(new Conv1D(4, 3, padding: Padding.Same, activation: ActivationFunction.Sigmoid), new TensorShape(2, 7));
        GradientCheck.Layer(new Conv1D(2, 2, strides: 3, dilationRate: 2), new TensorShape(3, 9));
    }

    [TestMethod]
    public void PoolingGradientsMatch()
    {
        // Max pooling is differentiable away from ties; distinct, well-separated inputs keep the finite differences
        // (step 5e-3) away from them.
        float[] Distinct(int count, int seed)
        {
            float[] values = [.. Enumerable.Range(0, count).Select(i => (i * 0.05f) - 1f)];
            new Random(seed).Shuffle(values);
            return values;
        }

        GradientCheck.Layer(new MaxPooling2D(2), new TensorShape(2, 4, 5), inputs: Distinct(3 * 40, 1));
        GradientCheck.Layer(new MaxPooling2D(3, strides: 2, padding: Padding.Same), new TensorShape(2, 5, 5), inputs: Distinct(3 * 50, 2));
        GradientCheck.Layer(new MaxPooling1D(2, padding: Padding.Same), new TensorShape(2, 5), inputs: Distinct(3 * 10, 3));
        GradientCheck.Layer(new GlobalMaxPooling(), new TensorShape(3, 2, 4), inputs: Distinct(3 * 24, 4));
        GradientCheck.Layer(new AveragePooling2D(2, strides: 1), new TensorShape(2, 4, 4));
        GradientCheck.Layer(new AveragePooling2D(3, strides: 2, padding: Padding.Same), new TensorShape(1, 5, 6));
        GradientCheck.Layer(new AveragePooling1D(3, strides: 2, padding: Padding.Same), new TensorShape(2, 6));
        GradientCheck.Layer(new GlobalAveragePooling(), new TensorShape(3, 7));
    }

    [TestMethod]
    public void PoolingComputesWindowsAndIgnoresPadding()
    {
        // One 3×3 channel: 1 2 3 / 4 5 6 / 7 8 9. Same padding with 2×2 windows and stride 2 gives a 2×2 output whose
        // last row and column overhang the border.
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        CollectionAssert.AreEqual(new float[] { 5, 6, 8, 9 }, Run(new MaxPooling2D(2, padding: Padding.Same), new TensorShape(1, 3, 3), image));
        CollectionAssert.AreEqual(new float[] { 3, 4.5f, 7.5f, 9 }, Run(new AveragePooling2D(2, padding: Padding.Same), new TensorShape(1, 3, 3), image));
        CollectionAssert.AreEqual(new float[] { 5 }, Run(new MaxPooling2D(2), new TensorShape(1, 3, 3), image));
        CollectionAssert.AreEqual(new float[] { 5 }, Run(new GlobalAveragePooling(), new TensorShape(1, 3, 3), image));
        CollectionAssert.AreEqual(new float[] { 1.5f, 3.5f, 5.5f, 7.5f, 9 }, Run(new AveragePooling1D(2, padding: Padding.Same), new TensorShape(1, 9), image));
    }

    [TestMethod]
    public void ConvolutionShapesFollowKerasRules()
    {
        Assert.AreEqual(new TensorShape(8, 26, 26), Build(new Conv2D(8, 3), new TensorShape(1, 28, 28)));
        Assert.AreEqual(new TensorShape(8, 14, 14), Build(new Conv2D(8, 3, strides: 2, padding: Padding.Same), new TensorShape(1, 28, 28)));
        Assert.AreEqual(new TensorShape(8, 24, 24), Build(new Conv2D(8, 3, dilationRate: 2), new TensorShape(1, 28, 28)));
        Assert.AreEqual(new TensorShape(4, 5), Build(new Conv1D(4, 3, strides: 2), new TensorShape(2, 11)));
        Assert.AreEqual(new TensorShape(3, 4, 4), Build(new MaxPooling2D(2), new TensorShape(3, 9, 9)));
        Assert.AreEqual(new TensorShape(3, 5, 5), Build(new MaxPooling2D(2, padding: Padding.Same), new TensorShape(3, 9, 9)));
        var tooSmall = Assert.ThrowsExactly<ArgumentException>(() => Build(new Conv2D(4, 5), new TensorShape(1, 3, 8)));
        StringAssert.Contains(tooSmall.Message, "[1×3×8]");
        var wrongRank = Assert.ThrowsExactly<ArgumentException>(() => Build(new Conv2D(4, 3), new TensorShape(28)));
        StringAssert.Contains(wrongRank.Message, "[channels×height×width]");
    }

    [TestMethod]
    public void ConvolutionResultsDoNotDependOnTheThreadCount()
    {
        var random = new Random(5);
        var layer = new Conv2D(16, 3, padding: Padding.Same, activation: ActivationFunction.ReLU);
        layer.Build(new TensorShape(8, 20, 20), random);
        var input = new Tensor(new TensorShape(32, 8, 20, 20), GradientCheck.RandomValues(random, 32 * 8 * 400));
        float[] one = layer.Forward(input, new RunContext(true, new Random(1), 1)).ToArray();
        float[] oneGradient = layer.Backward(new Tensor(new TensorShape(32, 16, 20, 20), one), new RunContext(true, new Random(1), 1), true)!.ToArray();
        float[] oneKernel = layer.Kernel.Gradient.ToArray();
        float[] all = layer.Forward(input, new RunContext(true, new Random(1), Environment.ProcessorCount)).ToArray();
        float[] allGradient = layer.Backward(new Tensor(new TensorShape(32, 16, 20, 20), all), new RunContext(true, new Random(1), Environment.ProcessorCount), true)!.ToArray();
        CollectionAssert.AreEqual(one, all);
        CollectionAssert.AreEqual(oneGradient, allGradient);
        CollectionAssert.AreEqual(oneKernel, layer.Kernel.Gradient.ToArray());
    }

    private static TensorShape Build(Layer layer, TensorShape input) => layer.Build(input, new Random(1));

    private static float[] Run(Layer layer, TensorShape example, float[] values)
    {
        layer.Build(example, new Random(1));
        return layer.Forward(new Tensor(example.WithBatch(1), values), RunContext.Inference()).ToArray();
    }
}
