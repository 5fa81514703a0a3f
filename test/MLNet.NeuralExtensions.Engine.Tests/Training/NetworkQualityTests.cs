using System.Globalization;

namespace MLNet.NeuralExtensions.Engine.Tests.Training;

/// <summary>Convolutional and recurrent networks learn real tasks to fixed floors, with fixed seeds and splits.</summary>
[TestClass]
public sealed class NetworkQualityTests
{
    [TestMethod]
    public void SmallCnnReaches97PercentOnDigits()
    {
        var (images, labels) = LoadDigits();
        int count = labels.Length, test = count / 5, train = count - test;
        var network = new Sequential(
            new Conv2D(16, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Conv2D(32, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Flatten(), new Dense(64, ActivationFunction.ReLU), new Dense(10));
        var shape = new TensorShape(1, 8, 8);
        var history = NetworkTrainer.Fit(network, new SparseCategoricalCrossEntropy(fromLogits: true), new Adam(2e-3f),
            new TrainingData(shape, images[..(train * 64)], labels[..train], 1),
            new TrainingOptions { Epochs = 15, BatchSize = 32, Seed = 1 });
        Assert.IsTrue(history.Epochs[^1].Loss < history.Epochs[0].Loss / 5, $"loss {history.Epochs[0].Loss} → {history.Epochs[^1].Loss}");
        float[] logits = network.Predict(images.AsSpan(train * 64), test);
        int correct = Enumerable.Range(0, test).Count(i => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.AsSpan(i * 10, 10)) == (int)labels[train + i]);
        double accuracy = correct / (double)test;
        Assert.IsTrue(accuracy >= 0.97, $"test accuracy {accuracy:F4}");
    }

    [TestMethod]
    public void LstmLearnsTheSignOfARunningSum()
    {
        // Each example is 12 steps of one value in [−1, 1]; the target at every step is whether the sum so far is
        // positive. A memoryless model can do little better than the sign of the current value (about 70 %).
        const int steps = 12;
        var (trainX, trainY) = RunningSums(2000, steps, seed: 1);
        var (testX, testY) = RunningSums(500, steps, seed: 2);
        var network = new Sequential(new Lstm(16, returnSequences: true), new Dense(1));
        var shape = new TensorShape(steps, 1);
        var history = NetworkTrainer.Fit(network, new BinaryCrossEntropy(fromLogits: true), new Adam(1e-2f),
            new TrainingData(shape, trainX, trainY, steps), new TrainingOptions { Epochs = 20, BatchSize = 32, Seed = 1 });
        Assert.IsTrue(history.Epochs[^1].Loss < history.Epochs[0].Loss / 3, $"loss {history.Epochs[0].Loss} → {history.Epochs[^1].Loss}");
        float[] logits = network.Predict(testX, 500);
        double accuracy = logits.Select((z, i) => (z > 0) == (testY[i] > 0.5f)).Count(ok => ok) / (double)logits.Length;
        Assert.IsTrue(accuracy >= 0.95, $"per-step test accuracy {accuracy:F4}");
    }

    private static (float[] Features, float[] Targets) RunningSums(int count, int steps, int seed)
    {
        var random = new Random(seed);
        var x = new float[count * steps];
        var y = new float[count * steps];
        for (int e = 0; e < count; e++)
        {
            float sum = 0;
            for (int t = 0; t < steps; t++)
            {
                float v = (random.NextSingle() * 2) - 1;
                sum += v;
                x[(e * steps) + t] = v;
                y[(e * steps) + t] = sum > 0 ? 1 : 0;
            }
        }

        return (x, y);
    }

    /// <summary>The 1,797 digits shuffled with a fixed seed, pixels scaled to [0, 1].</summary>
    private static (float[] Images, float[] Labels) LoadDigits()
    {
        string[] lines = File.ReadAllLines(Path.Combine("TestData", "digits-8x8.csv"))[1..];
        int[] order = [.. Enumerable.Range(0, lines.Length)];
        new Random(42).Shuffle(order);
        var images = new float[lines.Length * 64];
        var labels = new float[lines.Length];
        for (int i = 0; i < order.Length; i++)
        {
            string[] cells = lines[order[i]].Split(',');
            for (int p = 0; p < 64; p++)
            {
                images[(i * 64) + p] = float.Parse(cells[p], CultureInfo.InvariantCulture) / 16f;
            }

            labels[i] = float.Parse(cells[64], CultureInfo.InvariantCulture);
        }

        return (images, labels);
    }
}
