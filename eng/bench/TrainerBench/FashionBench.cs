using System.Diagnostics;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Trainers;

namespace TrainerBench;

/// <summary>
/// Trains the multiclass MLP, CNN or LSTM trainer on Fashion-MNIST's 60,000 training images (pixels in [0, 1]) with
/// the architectures of the engine benchmark and torch_peer.py, Adam at 0.001 (ε 1e-7), batch 128, and prints the
/// training seconds per epoch (the whole Fit, reading the data view included, over the epochs), the micro-accuracy on
/// the 10,000 test images and the process's peak resident memory.
/// </summary>
internal static class FashionBench
{
    public static void Run(string name, int epochs, int seed)
    {
        var ml = new MLContext(seed);
        string directory = EngineBench.FashionMnist.Directory();
        IDataView train = Load(ml, directory, "train");
        IDataView test = Load(ml, directory, "t10k");
        var trainers = ml.MulticlassClassification.Trainers;
        NeuralNetworkMulticlassTrainer trainer = name switch
        {
            "fashion-mlp" => trainers.Mlp(Common(new MlpOptions { HiddenLayers = [256, 128] }, epochs, seed)),
            "fashion-cnn" => trainers.Cnn(Common(new CnnOptions { ImageHeight = 28, ImageWidth = 28, ConvolutionFilters = [32, 64], HiddenLayers = [128] }, epochs, seed)),
            "fashion-lstm" => trainers.Lstm(Common(new LstmOptions { FeaturesPerStep = 28, RecurrentUnits = [128] }, epochs, seed)),
            _ => throw new ArgumentException($"Unknown benchmark '{name}'.", nameof(name)),
        };

        long start = Stopwatch.GetTimestamp();
        var model = trainer.Fit(train);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
        Console.WriteLine(FormattableString.Invariant($"{name} ours seconds_per_epoch {seconds / epochs:F3}"));
        Console.WriteLine(FormattableString.Invariant($"{name} ours accuracy {accuracy:F4}"));
        Console.WriteLine(FormattableString.Invariant($"{name} ours peak_memory_mb {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0}"));
    }

    private static T Common<T>(T options, int epochs, int seed)
        where T : NeuralNetworkOptions
    {
        options.Epochs = epochs;
        options.BatchSize = 128;
        options.LearningRate = 1e-3f;
        options.Seed = seed;
        return options;
    }

    private static IDataView Load(MLContext ml, string directory, string split)
    {
        var (pixels, labels, count) = EngineBench.FashionMnist.Load(directory, split);
        var rows = new Image[count];
        for (int i = 0; i < count; i++)
        {
            rows[i] = new Image { Features = pixels.AsSpan(i * 784, 784).ToArray(), Label = (uint)labels[i] + 1 };
        }

        return ml.Data.LoadFromEnumerable(rows);
    }

    private sealed class Image
    {
        [VectorType(784)]
        public float[] Features { get; set; } = [];

        [KeyType(10)]
        public uint Label { get; set; }
    }
}
