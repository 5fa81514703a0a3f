namespace MLNet.NeuralExtensions.Engine.Tests.Adversarial;

/// <summary>Training on adversarial examples: a network that learns to ignore a feature an attack can flip, determinism,
/// and the settings it refuses.</summary>
[TestClass]
public sealed class AdversarialTrainingTests
{
    private static readonly SparseCategoricalCrossEntropy s_loss = new(fromLogits: true);

    [TestMethod]
    public void AdversarialTrainingTradesTheFragileFeatureForTheRobustOne()
    {
        // Feature 0 tells the classes apart with noise about the size of its margin; feature 1 tells them apart perfectly, by
        // ±0.1, which an L∞ attack of 0.3 flips. Clean training leans on feature 1 (accuracy 1.00 clean, 0.00 attacked
        // here); training on PGD examples cannot (0.83 clean, 0.73 attacked).
        var (features, labels) = FragileFeatureData(rows: 600, seed: 2);
        AdversarialAttack Pgd(int seed) => AdversarialAttack.ProjectedGradientDescent(0.3f, 0.1f, 5, seed: seed);
        Sequential clean = Train(features, labels, null);
        Sequential robust = Train(features, labels, new AdversarialTraining(Pgd(1), adversarialFraction: 1f));

        var (test, testLabels) = FragileFeatureData(rows: 400, seed: 3);
        double cleanOnAttacked = Accuracy(clean, Pgd(9).Perturb(clean, s_loss, test, testLabels, 400), testLabels);
        double robustOnAttacked = Accuracy(robust, Pgd(9).Perturb(robust, s_loss, test, testLabels, 400), testLabels);
        double robustOnClean = Accuracy(robust, test, testLabels);
        Assert.IsGreaterThan(cleanOnAttacked + 0.2, robustOnAttacked, $"robust accuracy: adversarially trained {robustOnAttacked:F3}, clean-trained {cleanOnAttacked:F3}");
        Assert.IsGreaterThan(0.75, robustOnClean, $"clean accuracy of the adversarially trained network {robustOnClean:F3}");
    }

    [TestMethod]
    public void TheSameSeedsTrainTheSameWeights()
    {
        var (features, labels) = FragileFeatureData(rows: 200, seed: 4);
        AdversarialTraining Mixed() => new(AdversarialAttack.FastGradientSign(0.2f, randomStart: true, seed: 3));
        Sequential a = Train(features, labels, Mixed()), b = Train(features, labels, Mixed()), c = Train(features, labels, null);
        CollectionAssert.AreEqual(a.Parameters[0].Value.ToArray(), b.Parameters[0].Value.ToArray());
        CollectionAssert.AreNotEqual(a.Parameters[0].Value.ToArray(), c.Parameters[0].Value.ToArray(), "adversarial examples changed the training");
    }

    [TestMethod]
    public void OutOfRangeSharesAndUnmovableInputsAreRefused()
    {
        AdversarialAttack fgsm = AdversarialAttack.FastGradientSign(0.1f);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AdversarialTraining(fgsm, 0f)).Message, "(0, 1]");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AdversarialTraining(fgsm, 1.5f));

        var tokens = new Sequential(new Embedding(10, 4), new Flatten(), new Dense(2));
        var data = new TrainingData(new TensorShape(3), new float[6], [0f, 1f], 1);
        var options = new TrainingOptions { Epochs = 1, AdversarialTraining = new AdversarialTraining(fgsm) };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => NetworkTrainer.Fit(tokens, s_loss, new Adam(), data, options)).Message, "Embedding");
    }

    private static Sequential Train(float[] features, float[] labels, AdversarialTraining? adversarial)
    {
        var network = new Sequential(new Dense(16, ActivationFunction.ReLU), new Dense(2));
        network.Build(new TensorShape(2), seed: 1);
        NetworkTrainer.Fit(network, s_loss, new Adam(0.01f), new TrainingData(new TensorShape(2), features, labels, 1),
            new TrainingOptions { Epochs = 40, BatchSize = 32, Seed = 1, AdversarialTraining = adversarial });
        return network;
    }

    private static (float[] Features, float[] Labels) FragileFeatureData(int rows, int seed)
    {
        var random = new Random(seed);
        float[] features = new float[rows * 2], labels = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = r % 2;
            float sign = label == 1 ? 1f : -1f;
            labels[r] = label;
            features[r * 2] = sign + (2f * (float)(random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5));
            features[(r * 2) + 1] = 0.1f * sign;
        }

        return (features, labels);
    }

    private static double Accuracy(Sequential network, float[] features, float[] labels)
    {
        int rows = labels.Length;
        float[] scores = network.Predict(features, rows);
        return Enumerable.Range(0, rows).Count(r => (scores[(r * 2) + 1] > scores[r * 2] ? 1f : 0f) == labels[r]) / (double)rows;
    }
}
