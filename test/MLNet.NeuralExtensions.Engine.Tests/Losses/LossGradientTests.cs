using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Losses;

[TestClass]
public sealed class LossGradientTests
{
    private const int Batch = 3;
    private const int Outputs = 4;

    public static IEnumerable<object[]> ElementwiseLosses() =>
    [
        [new MeanSquaredError()], [new MeanAbsoluteError()], [new HuberLoss(0.5f)], [new HingeLoss()],
        [new BinaryCrossEntropy(fromLogits: true)], [new BinaryCrossEntropy(fromLogits: true, labelSmoothing: 0.1f)],
        [new BinaryFocalCrossEntropy(fromLogits: true)], [new BinaryFocalCrossEntropy(applyClassBalancing: true, fromLogits: true, labelSmoothing: 0.2f)],
    ];

    public static IEnumerable<object[]> ProbabilityLosses() =>
    [
        [new BinaryCrossEntropy()], [new BinaryFocalCrossEntropy(gamma: 1.5f)], [new KLDivergence()], [new PoissonLoss()],
        [new CategoricalCrossEntropy()], [new CategoricalFocalCrossEntropy()], [new CategoricalCrossEntropy(labelSmoothing: 0.1f)],
    ];

    public static IEnumerable<object[]> LogitLosses() =>
    [
        [new CategoricalCrossEntropy(fromLogits: true)], [new CategoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.2f)],
        [new CategoricalFocalCrossEntropy(fromLogits: true)],
    ];

    [TestMethod]
    [DynamicData(nameof(ElementwiseLosses))]
    [DynamicData(nameof(LogitLosses))]
    public void GradientOfLossOnRealOutputsMatchesFiniteDifferences(Loss loss)
    {
        var random = new Random(3);
        float[] output = GradientCheck.RandomValues(random, Batch * Outputs, -2, 2);

        // Keep outputs away from the kinks of MAE, Huber (delta 0.5) and hinge, where a finite difference straddles two slopes.
        float[] kinks = [-1f, -0.5f, 0f, 0.5f, 1f, 1.5f];
        for (int i = 0; i < output.Length; i++)
        {
            while (kinks.Any(k => Math.Abs(output[i] - k) < 0.05f))
            {
                output[i] += 0.1f;
            }
        }

        GradientCheck.Loss(loss, output, OneHotTargets(random), Weights(), Batch);
    }

    [TestMethod]
    [DynamicData(nameof(ProbabilityLosses))]
    public void GradientOfLossOnProbabilitiesMatchesFiniteDifferences(Loss loss)
    {
        var random = new Random(4);
        float[] output = GradientCheck.RandomValues(random, Batch * Outputs, 0.1, 0.9);
        GradientCheck.Loss(loss, output, OneHotTargets(random), Weights(), Batch);
    }

    [TestMethod]
    public void SparseCrossEntropyGradientMatchesAndEqualsTheOneHotLoss()
    {
        var random = new Random(5);
        float[] logits = GradientCheck.RandomValues(random, Batch * Outputs, -2, 2);
        float[] classes = [2, 0, 3];
        GradientCheck.Loss(new SparseCategoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1f), logits, classes, Weights(), Batch);
        float[] oneHot = new float[Batch * Outputs];
        for (int i = 0; i < Batch; i++)
        {
            oneHot[(i * Outputs) + (int)classes[i]] = 1f;
        }

        var scratch = new float[logits.Length];
        Assert.AreEqual(
            new CategoricalCrossEntropy(fromLogits: true).Compute(logits, oneHot, [], Batch, scratch),
            new SparseCategoricalCrossEntropy(fromLogits: true).Compute(logits, classes, [], Batch, scratch),
            1e-9);
    }

    [TestMethod]
    public void LossesFromLogitsStayFiniteForExtremeLogits()
    {
        float[] logits = [1000f, -1000f, 0f, 0f];
        var gradient = new float[4];
        double bce = new BinaryCrossEntropy(fromLogits: true).Compute(logits, [0f, 1f, 1f, 0f], [], 1, gradient);
        Assert.AreEqual((1000 + 1000 + (2 * Math.Log(2))) / 4, bce, 1e-9);
        double ce = new SparseCategoricalCrossEntropy(fromLogits: true).Compute(logits, [1f], [], 1, gradient);
        Assert.AreEqual(2000, ce, 1e-6);
        Assert.IsTrue(gradient.All(float.IsFinite));
    }

    [TestMethod]
    public void SparseTargetOutsideTheClassesThrowsNamingTheValue()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new SparseCategoricalCrossEntropy(fromLogits: true).Compute([0f, 0f], [2f], [], 1, new float[2]));
        StringAssert.Contains(ex.Message, "got 2");
    }

    private static float[] OneHotTargets(Random random)
    {
        var targets = new float[Batch * Outputs];
        for (int i = 0; i < Batch; i++)
        {
            targets[(i * Outputs) + random.Next(Outputs)] = 1f;
        }

        return targets;
    }

    private static float[] Weights() => [1f, 0.5f, 2f];
}
