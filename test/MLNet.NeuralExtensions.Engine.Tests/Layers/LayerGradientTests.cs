using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Layers;

[TestClass]
public sealed class LayerGradientTests
{
    public static IEnumerable<object[]> Activations() =>
    [
        [ActivationFunction.Linear], [ActivationFunction.ReLU], [ActivationFunction.LeakyReLU(0.1f)], [ActivationFunction.Elu()],
        [ActivationFunction.Selu], [ActivationFunction.Gelu], [ActivationFunction.Sigmoid], [ActivationFunction.Tanh],
        [ActivationFunction.Softmax], [ActivationFunction.Softplus], [ActivationFunction.SiLU],
    ];

    [TestMethod]
    [DynamicData(nameof(Activations))]
    public void DenseGradientsMatchFiniteDifferences(ActivationFunction activation)
        => GradientCheck.Layer(new Dense(4, activation), new TensorShape(5));

    [TestMethod]
    [DynamicData(nameof(Activations))]
    public void ActivationGradientsMatchFiniteDifferences(ActivationFunction activation)
        => GradientCheck.Layer(new Activation(activation), new TensorShape(2, 6));

    [TestMethod]
    public void DenseOverSequenceAxisAndWithoutBiasGradientsMatch()
    {
        GradientCheck.Layer(new Dense(3, ActivationFunction.Tanh), new TensorShape(4, 5));
        GradientCheck.Layer(new Dense(3, useBias: false), new TensorShape(5));
    }

    [TestMethod]
    public void DropoutNoiseAndReshapeGradientsMatch()
    {
        GradientCheck.Layer(new Dropout(0.4f), new TensorShape(10), training: true);
        GradientCheck.Layer(new GaussianNoise(0.5f), new TensorShape(10), training: true);
        GradientCheck.Layer(new Reshape(3, -1), new TensorShape(2, 6));
        GradientCheck.Layer(new Flatten(), new TensorShape(2, 3, 2));
    }

    [TestMethod]
    public void DropoutZeroesAboutTheRateAndScalesTheRest()
    {
        var dropout = new Dropout(0.25f);
        dropout.Build(new TensorShape(10_000), new Random(1));
        var input = new Tensor(new TensorShape(1, 10_000), Enumerable.Repeat(1f, 10_000).ToArray());
        float[] training = dropout.Forward(input, new RunContext(true, new Random(3), 1)).ToArray();
        Assert.AreEqual(0.25, training.Count(v => v == 0f) / 10_000.0, 0.02);
        Assert.IsTrue(training.Where(v => v != 0f).All(v => Math.Abs(v - (1 / 0.75f)) < 1e-6));
        CollectionAssert.AreEqual(input.ToArray(), dropout.Forward(input, new RunContext(false, new Random(3), 1)).ToArray());
    }

    [TestMethod]
    public void BuildInfersShapesAndRejectsMismatchesNamingTheLayer()
    {
        var network = new Sequential(new Reshape(4, 7), new Dense(16, ActivationFunction.ReLU), new Flatten(), new Dense(3));
        Assert.AreEqual(new TensorShape(3), network.Build(new TensorShape(28), seed: 1));
        Assert.AreEqual((7 * 16) + 16 + (64 * 3) + 3, network.ParameterCount);
        var bad = new Sequential(new Reshape(5, -1), new Dense(2));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => bad.Build(new TensorShape(28), seed: 1));
        StringAssert.Contains(ex.Message, "Layer 0 (Reshape)");
        StringAssert.Contains(ex.Message, "[28]");
    }
}
