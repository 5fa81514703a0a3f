using System.Text.Json;

namespace MLNet.NeuralExtensions.Engine.Tests.Adversarial;

/// <summary>FGSM and PGD against PyTorch on the same weights and inputs (eng/golden/make_adversarial_goldens.py), the
/// bounds every adversarial example keeps, what an attack does to a trained network, and bad input.</summary>
[TestClass]
public sealed class AdversarialAttackTests
{
    private static readonly JsonElement s_golden = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "adversarial-goldens.json"))).RootElement;

    [TestMethod]
    [DataRow("mlp_fgsm")]
    [DataRow("mlp_pgd_linf")]
    [DataRow("mlp_pgd_l2")]
    [DataRow("binary_pgd_l2_unclipped")]
    [DataRow("cnn_pgd_linf")]
    public void AdversarialExamplesEqualPyTorchs(string name)
    {
        JsonElement c = s_golden.GetProperty(name);
        Sequential network = GoldenNetwork(name, c);
        Loss loss = c.GetProperty("loss").GetString() == "bce" ? new BinaryCrossEntropy(fromLogits: true) : new SparseCategoricalCrossEntropy(fromLogits: true);
        float epsilon = c.GetProperty("epsilon").GetSingle(), step = c.GetProperty("step").GetSingle();
        int iterations = c.GetProperty("iterations").GetInt32();
        AttackNorm norm = c.GetProperty("norm").GetString() == "l2" ? AttackNorm.L2 : AttackNorm.LInfinity;
        JsonElement clip = c.GetProperty("clip");
        var attack = new AdversarialAttack(epsilon, step, iterations, norm)
        {
            ClipMinimum = clip.ValueKind == JsonValueKind.Array ? clip[0].GetSingle() : null,
            ClipMaximum = clip.ValueKind == JsonValueKind.Array ? clip[1].GetSingle() : null,
        };

        float[] adversarial = attack.Perturb(network, loss, Floats(c, "x"), Floats(c, "targets"), c.GetProperty("rows").GetInt32());
        float[] expected = Floats(c, "adversarial");
        Assert.HasCount(expected.Length, adversarial);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], adversarial[i], 1e-5f, $"{name}, value {i}");
        }
    }

    [TestMethod]
    public void FgsmIsOneStepOfEpsilonFromTheExample()
    {
        AdversarialAttack fgsm = AdversarialAttack.FastGradientSign(0.25f);
        Assert.AreEqual((0.25f, 0.25f, 1, AttackNorm.LInfinity, false), (fgsm.Epsilon, fgsm.StepSize, fgsm.Iterations, fgsm.Norm, fgsm.RandomStart));
        AdversarialAttack fast = AdversarialAttack.FastGradientSign(0.2f, randomStart: true);
        Assert.AreEqual(0.25f, fast.StepSize, 1e-7f, "fast adversarial training steps 1.25 ε from a random start");
        Assert.IsTrue(fast.RandomStart);
    }

    [TestMethod]
    [DataRow(AttackNorm.LInfinity)]
    [DataRow(AttackNorm.L2)]
    public void RandomStartsStayInTheBallAndTheRangeAndRepeatWithTheSeed(AttackNorm norm)
    {
        var (network, features, labels, rows) = TrainedBlobs();
        var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
        AdversarialAttack Make() => new(0.3f, 0.05f, 2, norm, randomStart: true, seed: 5) { ClipMinimum = -1.5f, ClipMaximum = 1.5f };
        float[] adversarial = Make().Perturb(network, loss, features, labels, rows);
        for (int r = 0; r < rows; r++)
        {
            float[] delta = [.. Enumerable.Range(0, 2).Select(i => adversarial[(r * 2) + i] - features[(r * 2) + i])];
            float size = norm == AttackNorm.L2 ? MathF.Sqrt(delta.Sum(d => d * d)) : delta.Max(MathF.Abs);
            Assert.IsLessThanOrEqualTo(0.3f + 1e-5f, size, $"example {r}");
        }

        Assert.IsTrue(adversarial.All(v => v is >= -1.5f and <= 1.5f), "every value clipped to the range");
        CollectionAssert.AreEqual(adversarial, Make().Perturb(network, loss, features, labels, rows), "the same seed gives the same examples");
        CollectionAssert.AreNotEqual(adversarial, new AdversarialAttack(0.3f, 0.05f, 2, norm, randomStart: true, seed: 6) { ClipMinimum = -1.5f, ClipMaximum = 1.5f }
            .Perturb(network, loss, features, labels, rows), "another seed starts elsewhere");
    }

    [TestMethod]
    public void AttacksLowerATrainedNetworksAccuracyAndPgdMoreThanFgsm()
    {
        var (network, features, labels, rows) = TrainedBlobs();
        var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
        double clean = Accuracy(network, features, labels, rows);
        double fgsm = Accuracy(network, AdversarialAttack.FastGradientSign(1f).Perturb(network, loss, features, labels, rows), labels, rows);
        double pgd = Accuracy(network, AdversarialAttack.ProjectedGradientDescent(1f, 0.25f, 10, seed: 1).Perturb(network, loss, features, labels, rows), labels, rows);
        Assert.IsGreaterThan(0.95, clean, $"clean accuracy {clean:F3}");
        Assert.IsLessThan(clean - 0.1, fgsm, $"FGSM accuracy {fgsm:F3} against clean {clean:F3}");
        Assert.IsLessThanOrEqualTo(fgsm, pgd, $"PGD accuracy {pgd:F3} against FGSM {fgsm:F3}");
    }

    [TestMethod]
    public void BadSettingsAndInputsNameTheValue()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AdversarialAttack(0f, 0.1f, 1)).Message, "epsilon");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AdversarialAttack.FastGradientSign(-0.1f)).Message, "-0.1");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AdversarialAttack(float.NaN, 0.1f, 1));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AdversarialAttack(0.1f, 0f, 1)).Message, "stepSize");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AdversarialAttack(0.1f, 0.1f, 0));

        var (network, features, labels, rows) = TrainedBlobs();
        var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
        features[7] = float.NaN;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => AdversarialAttack.FastGradientSign(0.1f).Perturb(network, loss, features, labels, rows)).Message, "Example 3, input 1: the value is NaN");
        features[7] = 0f;
        Assert.ThrowsExactly<ArgumentException>(() => AdversarialAttack.FastGradientSign(0.1f).Perturb(network, loss, features, labels, rows, new float[3]));
        Assert.ThrowsExactly<ArgumentException>(() => AdversarialAttack.FastGradientSign(0.1f).Perturb(network, loss, features.AsSpan(1), labels, rows));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new AdversarialAttack(0.1f, 0.1f, 1) { ClipMinimum = 1f, ClipMaximum = 0f }
            .Perturb(network, loss, features, labels, rows)).Message, "[1, 0]");

        var tokens = new Sequential(new Embedding(10, 4), new Flatten(), new Dense(2));
        tokens.Build(new TensorShape(3), seed: 1);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => AdversarialAttack.FastGradientSign(0.1f).Perturb(tokens, loss, new float[3], [0f], 1)).Message, "Embedding");
        Assert.ThrowsExactly<InvalidOperationException>(() => AdversarialAttack.FastGradientSign(0.1f).Perturb(new Sequential(new Dense(2)), loss, new float[2], [0f], 1));
    }

    // Two Gaussian blobs in the plane, centres (−1, −1) and (1, 1), and a small network trained to tell them apart.
    private static (Sequential Network, float[] Features, float[] Labels, int Rows) TrainedBlobs()
    {
        const int rows = 200;
        var random = new Random(3);
        float[] features = new float[rows * 2], labels = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = r % 2;
            float centre = r % 2 == 0 ? -1f : 1f;
            for (int i = 0; i < 2; i++)
            {
                features[(r * 2) + i] = centre + (0.35f * (float)(random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5));
            }
        }

        var network = new Sequential(new Dense(16, ActivationFunction.ReLU), new Dense(2));
        network.Build(new TensorShape(2), seed: 1);
        NetworkTrainer.Fit(network, new SparseCategoricalCrossEntropy(fromLogits: true), new Adam(0.01f), new TrainingData(new TensorShape(2), features, labels, 1),
            new TrainingOptions { Epochs = 30, BatchSize = 32, Seed = 1 });
        return (network, features, labels, rows);
    }

    private static double Accuracy(Sequential network, float[] features, float[] labels, int rows)
    {
        float[] scores = network.Predict(features, rows);
        return Enumerable.Range(0, rows).Count(r => (scores[(r * 2) + 1] > scores[r * 2] ? 1f : 0f) == labels[r]) / (double)rows;
    }

    private static Sequential GoldenNetwork(string name, JsonElement c)
    {
        int[] shape = [.. c.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt32())];
        Sequential network = name switch
        {
            "cnn_pgd_linf" => new Sequential(new Conv2D(2, 3, activation: ActivationFunction.ReLU), new Flatten(), new Dense(3)),
            "binary_pgd_l2_unclipped" => new Sequential(new Dense(5, ActivationFunction.Tanh), new Dense(1)),
            _ => new Sequential(new Dense(8, ActivationFunction.ReLU), new Dense(3)),
        };
        network.Build(new TensorShape(shape), seed: 1);
        Parameter[] weights = [.. network.Layers.Where(l => l.Parameters.Count > 0).SelectMany(l => l.Parameters)];
        JsonElement[] layers = [.. c.GetProperty("layers").EnumerateArray()];
        Assert.HasCount(2 * layers.Length, weights);
        for (int i = 0; i < layers.Length; i++)
        {
            Floats(layers[i], "kernel").CopyTo(weights[2 * i].Value.Span);
            Floats(layers[i], "bias").CopyTo(weights[(2 * i) + 1].Value.Span);
        }

        return network;
    }

    private static float[] Floats(JsonElement c, string name) => [.. c.GetProperty(name).EnumerateArray().Select(e => e.GetSingle())];
}
