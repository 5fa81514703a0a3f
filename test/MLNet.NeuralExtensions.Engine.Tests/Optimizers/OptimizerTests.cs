using System.Text.Json;

namespace MLNet.NeuralExtensions.Engine.Tests.Optimizers;

[TestClass]
public sealed class OptimizerTests
{
    private static readonly JsonElement s_golden = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "engine-goldens.json"))).RootElement;

    public static IEnumerable<object[]> Optimizers() =>
    [
        ["Sgd", new Sgd()],
        ["SgdMomentum", new Sgd(momentum: 0.9f)],
        ["SgdNesterov", new Sgd(momentum: 0.9f, nesterov: true)],
        ["RmsProp", new RmsProp()],
        ["RmsPropCenteredMomentum", new RmsProp(learningRate: 0.01f, momentum: 0.5f, centered: true)],
        ["Adagrad", new Adagrad(learningRate: 0.1f)],
        ["Adadelta", new Adadelta(learningRate: 1f)],
        ["Adam", new Adam(learningRate: 0.01f)],
        ["AdamAmsGrad", new Adam(learningRate: 0.01f, amsGrad: true)],
        ["AdamW", new AdamW(learningRate: 0.01f)],
        ["Nadam", new Nadam(learningRate: 0.01f)],
        ["Adamax", new Adamax(learningRate: 0.01f)],
    ];

    [TestMethod]
    [DynamicData(nameof(Optimizers))]
    public void ThreeStepsEqualPyTorch(string name, Optimizer optimizer)
    {
        var parameter = NewParameter(s_golden.GetProperty("weights"));
        var steps = s_golden.GetProperty("optimizers").GetProperty(name).EnumerateArray().ToArray();
        var gradients = s_golden.GetProperty("gradients").EnumerateArray().ToArray();
        for (int s = 0; s < steps.Length; s++)
        {
            Floats(gradients[s]).CopyTo(parameter.Gradient.Span);
            optimizer.Step([parameter]);
            float[] expected = Floats(steps[s]);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], parameter.Value.Span[i], 2e-6 + (2e-6 * Math.Abs(expected[i])), $"{name} step {s + 1} weight {i}");
            }
        }
    }

    [TestMethod]
    public void SchedulesEqualPyTorch()
    {
        var schedules = s_golden.GetProperty("schedules");
        AssertRates(LearningRateSchedule.OneCycle(0.1f, 50), schedules.GetProperty("OneCycle"));
        AssertRates(LearningRateSchedule.Step(0.1f, 7, 0.5f), schedules.GetProperty("Step"));
        AssertRates(LearningRateSchedule.CosineWithRestarts(0.1f, 5, 2f, 1f, alpha: 0.1f), schedules.GetProperty("CosineWithRestarts"));
    }

    [TestMethod]
    public void KerasStyleSchedulesFollowTheirFormulas()
    {
        Assert.AreEqual(0.1 * Math.Pow(0.5, 2.5), LearningRateSchedule.Exponential(0.1f, 10, 0.5f).GetLearningRate(25), 1e-7);
        Assert.AreEqual(0.1 * Math.Pow(0.5, 2), LearningRateSchedule.Exponential(0.1f, 10, 0.5f, staircase: true).GetLearningRate(25), 1e-7);
        Assert.AreEqual(0.1 / (1 + (0.5 * 2.5)), LearningRateSchedule.InverseTime(0.1f, 10, 0.5f).GetLearningRate(25), 1e-7);
        Assert.AreEqual(((0.1 - 0.01) * 0.25) + 0.01, LearningRateSchedule.Polynomial(0.1f, 100, 0.01f, power: 2f).GetLearningRate(50), 1e-7);
        Assert.AreEqual(0.01f, LearningRateSchedule.Polynomial(0.1f, 100, 0.01f).GetLearningRate(500), 1e-7);
        var warm = LearningRateSchedule.Cosine(0f, 100, alpha: 0.1f, warmupTarget: 0.2f, warmupSteps: 10);
        Assert.AreEqual(0.1, warm.GetLearningRate(5), 1e-7);
        Assert.AreEqual(0.2, warm.GetLearningRate(10), 1e-7);
        Assert.AreEqual(0.2 * ((0.9 * 0.5) + 0.1), warm.GetLearningRate(60), 1e-7);
        Assert.AreEqual(0.02, warm.GetLearningRate(1000), 1e-7);
    }

    [TestMethod]
    public void ClippingBoundsValuesNormsAndTheGlobalNorm()
    {
        Parameter a = NewParameter([0f, 0f]), b = NewParameter([0f, 0f]);
        float[] Step(Optimizer optimizer)
        {
            a.Value.Span.Clear();
            b.Value.Span.Clear();
            new float[] { 3f, 4f }.CopyTo(a.Gradient.Span);
            new float[] { 0f, 12f }.CopyTo(b.Gradient.Span);
            optimizer.Step([a, b]);
            return [.. a.Value.Span, .. b.Value.Span];
        }

        CollectionAssert.AreEqual(new[] { -1f, -1f, 0f, -1f }, Step(new Sgd(1f) { ClipValue = 1f }));
        CollectionAssert.AreEqual(new[] { -0.6f, -0.8f, 0f, -1f }, Step(new Sgd(1f) { ClipNorm = 1f }));
        float[] global = Step(new Sgd(1f) { GlobalClipNorm = 1.3f });
        Assert.AreEqual(1.3, Math.Sqrt(global.Sum(v => v * (double)v)), 1e-6);
        Assert.AreEqual(-0.3f, global[0], 1e-6);
        Assert.AreEqual(-1.2f, global[3], 1e-6);
    }

    [TestMethod]
    public void MaxNormConstraintScalesEachUnitsIncomingWeights()
    {
        var dense = new Dense(2, kernelMaxNorm: 1f);
        dense.Build(new TensorShape(2), new Random(1));
        new float[] { 3f, 0.1f, 4f, 0.2f }.CopyTo(dense.Kernel.Value.Span);
        dense.Kernel.Gradient.Span.Clear();
        new Sgd(0.5f).Step(dense.Parameters);
        float[] w = dense.Kernel.Value.ToArray();
        Assert.AreEqual(1.0, Math.Sqrt((w[0] * w[0]) + (w[2] * w[2])), 1e-6);
        Assert.AreEqual(0.1f, w[1], 1e-7);
    }

    [TestMethod]
    public void FrozenParametersAreNotUpdated()
    {
        var parameter = NewParameter([1f, 2f]);
        parameter.Gradient.Span.Fill(1f);
        parameter.IsTrainable = false;
        new Adam(0.1f).Step([parameter]);
        CollectionAssert.AreEqual(new[] { 1f, 2f }, parameter.Value.ToArray());
    }

    private static void AssertRates(LearningRateSchedule schedule, JsonElement expected)
    {
        float[] rates = Floats(expected);
        for (int step = 0; step < rates.Length; step++)
        {
            Assert.AreEqual(rates[step], schedule.GetLearningRate(step), 1e-6, $"step {step}");
        }
    }

    private static Parameter NewParameter(JsonElement values) => NewParameter(Floats(values));

    private static Parameter NewParameter(float[] values)
    {
        var parameter = new Parameter("w", new TensorShape(values.Length));
        values.CopyTo(parameter.Value.Span);
        return parameter;
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => (float)v.GetDouble())];
}
