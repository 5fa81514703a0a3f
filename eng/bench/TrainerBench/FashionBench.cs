using System.Diagnostics;
using Microsoft.ML;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

namespace TrainerBench;

/// <summary>
/// Trains the multiclass MLP, CNN or LSTM trainer from ML.NET's catalog on Fashion-MNIST's 60,000 training images
/// (an ML.NET data view from <c>LoadFromEnumerable</c>, not cached: what a user gets from objects in memory) with the
/// architectures of the engine benchmark and torch_peer.py, softmax cross-entropy from logits, Adam at 0.001
/// (ε 1e-7), batch 128 and every other option set by <see cref="LikeForLike"/>; evaluates with ML.NET's multiclass
/// evaluator on the 10,000 test images. Prints the training seconds per epoch (the whole <c>Fit</c>, reading the data
/// view included, over the epochs), the micro-accuracy and the process's peak resident memory.
/// </summary>
internal static class FashionBench
{
    public static void Run(string name, int epochs, int seed)
    {
        var ml = new MLContext(seed);
        IDataView train = FashionImage.Load(ml, "train").View;
        IDataView test = FashionImage.Load(ml, "t10k").View;
        var trainers = ml.MulticlassClassification.Trainers;
        var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
        NeuralNetworkMulticlassTrainer trainer = name switch
        {
            "fashion-mlp" => trainers.Mlp(LikeForLike.Mlp([256, 128], loss, epochs, 128, seed)),
            "fashion-cnn" => trainers.Cnn(LikeForLike.Apply(new CnnOptions
            {
                ImageChannels = 1,
                ImageHeight = 28,
                ImageWidth = 28,
                ConvolutionFilters = [32, 64],
                KernelSize = 3,
                PoolSize = 2,
                HiddenLayers = [128],
                Activation = ActivationFunction.ReLU,
                DropoutRate = 0f,
                BatchNormalization = false,
            }, loss, epochs, 128, seed)),
            "fashion-lstm" => trainers.Lstm(LikeForLike.Apply(new LstmOptions
            {
                FeaturesPerStep = 28,
                SequencesOfVaryingLength = false,
                RecurrentUnits = [128],
                Cell = RecurrentCell.Lstm,
                Bidirectional = false,
                DropoutRate = 0f,
                HiddenLayers = [],
            }, loss, epochs, 128, seed)),
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
}
