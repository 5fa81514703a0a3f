using System.Diagnostics;
using MLNet.NeuralExtensions.Engine;

namespace EngineBench;

/// <summary>Trains a network on Fashion-MNIST with Adam, batch 128, and prints seconds per epoch (the mean of the epochs
/// after the first, which includes warm-up), test accuracy and peak memory.</summary>
internal static class NetworkBench
{
    public static void Run(string name, Func<Sequential> create, TensorShape exampleShape, int epochs, int threads)
    {
        string directory = FashionMnist.Directory();
        var (trainImages, trainLabels, _) = FashionMnist.Load(directory, "train");
        var (testImages, testLabels, testCount) = FashionMnist.Load(directory, "t10k");
        var network = create();
        network.Build(exampleShape, seed: 1);
        var times = new List<double>();
        long start = Stopwatch.GetTimestamp();
        NetworkTrainer.Fit(network, new SparseCategoricalCrossEntropy(fromLogits: true), new Adam(), new TrainingData(exampleShape, trainImages, trainLabels, 1),
            new TrainingOptions
            {
                Epochs = epochs,
                BatchSize = 128,
                Seed = 1,
                NumberOfThreads = threads,
                Progress = new EpochClock(times, start),
            });
        float[] logits = network.Predict(testImages, testCount);
        int correct = 0;
        for (int i = 0; i < testCount; i++)
        {
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.AsSpan(i * 10, 10)) == (int)testLabels[i])
            {
                correct++;
            }
        }

        double perEpoch = times.Count > 1 ? times.Skip(1).Average() : times[0];
        Console.WriteLine($"{name} seconds_per_epoch {perEpoch:F3}");
        Console.WriteLine($"{name} test_accuracy {correct / (double)testCount:F4}");
        Console.WriteLine($"{name} peak_memory_mb {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0}");
    }

    private sealed class EpochClock(List<double> times, long start) : IProgress<TrainingProgress>
    {
        private long _last = start;

        public void Report(TrainingProgress value)
        {
            if (value.IsEpochEnd)
            {
                long now = Stopwatch.GetTimestamp();
                times.Add(Stopwatch.GetElapsedTime(_last, now).TotalSeconds);
                _last = now;
            }
        }
    }
}
