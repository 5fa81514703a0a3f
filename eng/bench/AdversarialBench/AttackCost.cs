using System.Diagnostics;
using MLNet.NeuralExtensions.Engine;

namespace AdversarialBench;

/// <summary>`AdversarialBench attack`: the cost of one PGD-5 attack (steps of ε/4 from a random start, clipped to [0, 1])
/// on random inputs, for an MLP (784-256-128-10, 128 rows) and a CNN (Conv2D 16 3×3 same ReLU, MaxPooling2D 2, Dense 10;
/// 64 rows of 1×28×28): milliseconds of process CPU time and of wall time per call, the best of 5 rounds of 10 calls
/// after 5 untimed ones. Built at two commits, it compares their attacks' cost directly.</summary>
internal static class AttackCost
{
    public static void Run()
    {
        Measure("mlp", new Sequential(new Dense(256, ActivationFunction.ReLU), new Dense(128, ActivationFunction.ReLU), new Dense(10)), new TensorShape(784), 128);
        Measure("cnn", new Sequential(new Conv2D(16, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2), new Flatten(), new Dense(10)),
            new TensorShape(1, 28, 28), 64);
    }

    private static void Measure(string name, Sequential network, TensorShape shape, int rows)
    {
        network.Build(shape, seed: 1);
        var random = new Random(1);
        float[] features = [.. Enumerable.Range(0, rows * shape.Size).Select(_ => random.NextSingle())];
        float[] labels = [.. Enumerable.Range(0, rows).Select(i => (float)(i % 10))];
        var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
        var attack = new AdversarialAttack(0.1f, 0.025f, 5, randomStart: true, seed: 1) { ClipMinimum = 0f, ClipMaximum = 1f };
        for (int i = 0; i < 5; i++)
        {
            attack.Perturb(network, loss, features, labels, rows);
        }

        double cpu = double.MaxValue, wall = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (int round = 0; round < 5; round++)
        {
            process.Refresh();
            TimeSpan start = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 10; i++)
            {
                attack.Perturb(network, loss, features, labels, rows);
            }

            watch.Stop();
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - start).TotalMilliseconds / 10);
            wall = Math.Min(wall, watch.Elapsed.TotalMilliseconds / 10);
        }

        Console.WriteLine($"{name} pgd-5 call cpu-ms {cpu:F2} wall-ms {wall:F2}");
    }
}
