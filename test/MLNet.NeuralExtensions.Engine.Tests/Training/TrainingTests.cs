using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Training;

[TestClass]
public sealed class TrainingTests
{
    private static readonly float[] s_xorFeatures = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly float[] s_xorTargets = [0, 1, 1, 0];

    [TestMethod]
    public void MultilayerPerceptronLearnsXorAndItsLossFalls()
    {
        var network = new Sequential(new Dense(8, ActivationFunction.Tanh), new Dense(1));
        var history = NetworkTrainer.Fit(network, new BinaryCrossEntropy(fromLogits: true), new Adam(0.05f), Xor(),
            new TrainingOptions { Epochs = 300, BatchSize = 4, Seed = 3 });
        Assert.IsTrue(history.Epochs[^1].Loss < 0.05, $"final loss {history.Epochs[^1].Loss}");
        Assert.IsTrue(history.Epochs[^1].Loss < history.Epochs[0].Loss / 10);
        Assert.AreEqual(1.0, history.Epochs[^1].Accuracy);
        float[] logits = network.Predict(s_xorFeatures, 4);
        CollectionAssert.AreEqual(new[] { false, true, true, false }, logits.Select(z => z > 0).ToArray());
    }

    [TestMethod]
    public void SameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot()
    {
        float[] Train(int seed)
        {
            var network = new Sequential(new Dense(16, ActivationFunction.ReLU), new Dropout(0.2f), new Dense(3));
            var data = Blobs(300, seed: 11);
            NetworkTrainer.Fit(network, new SparseCategoricalCrossEntropy(fromLogits: true), new Adam(), data,
                new TrainingOptions { Epochs = 3, BatchSize = 16, Seed = seed, ValidationFraction = 0.2f });
            return network.Parameters.SelectMany(p => p.Value.ToArray()).ToArray();
        }

        CollectionAssert.AreEqual(Train(5), Train(5));
        CollectionAssert.AreNotEqual(Train(5), Train(6));
    }

    [TestMethod]
    public void EarlyStoppingStopsAndRestoresTheBestEpochsWeights()
    {
        // Validation labels are the training classes shifted by one, so the better the network fits, the worse it
        // validates: the validation loss must stop improving early.
        TrainingData training = Blobs(300, seed: 2);
        var validation = new TrainingData(training.FeatureShape, training.Features, [.. training.Targets.Select(t => (t + 1) % 3)], 1);
        var network = new Sequential(new Dense(16, ActivationFunction.ReLU), new Dense(3));
        var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
        int epochsSeen = 0;
        var history = NetworkTrainer.Fit(network, loss, new Adam(0.01f), training,
            new TrainingOptions
            {
                Epochs = 50,
                BatchSize = 10,
                EarlyStopping = new EarlyStopping { Patience = 2, RestoreBestWeights = true },
                Progress = new SynchronousProgress<TrainingProgress>(p => epochsSeen += p.IsEpochEnd ? 1 : 0),
            },
            validation);
        Assert.IsTrue(history.StoppedEarly);
        Assert.AreEqual(history.Epochs.Count, epochsSeen);
        Assert.AreEqual(history.BestEpoch + 2, history.Epochs.Count);
        double best = history.Epochs.Min(e => e.ValidationLoss);
        Assert.AreEqual(best, history.Epochs[history.BestEpoch - 1].ValidationLoss);

        // The network now holds the best epoch's weights: its validation loss is that epoch's, not the last one's.
        float[] outputs = network.Predict(validation.Features, validation.Count);
        double restoredLoss = loss.Compute(outputs, validation.Targets, [], validation.Count, new float[outputs.Length]);
        Assert.AreEqual(best, restoredLoss, 1e-6);
        Assert.AreNotEqual(history.Epochs[^1].ValidationLoss, restoredLoss, 1e-6);
    }

    [TestMethod]
    public void RestoreBestWeightsAppliesEvenWhenStoppingNeverTriggers()
    {
        var data = Blobs(200, seed: 4);
        var options = new TrainingOptions
        {
            Epochs = 6,
            BatchSize = 8,
            ValidationFraction = 0.25f,
            Seed = 1,
            EarlyStopping = new EarlyStopping { Patience = 100, RestoreBestWeights = true },
        };
        var restored = new Sequential(new Dense(8, ActivationFunction.ReLU), new Dense(3));
        var history = NetworkTrainer.Fit(restored, new SparseCategoricalCrossEntropy(fromLogits: true), new Sgd(2f), data, options);
        Assert.IsFalse(history.StoppedEarly);

        // Re-running only up to the best epoch with the same seed reproduces the restored weights exactly.
        var reference = new Sequential(new Dense(8, ActivationFunction.ReLU), new Dense(3));
        NetworkTrainer.Fit(reference, new SparseCategoricalCrossEntropy(fromLogits: true), new Sgd(2f), data,
            new TrainingOptions { Epochs = history.BestEpoch, BatchSize = 8, ValidationFraction = 0.25f, Seed = 1 });
        CollectionAssert.AreEqual(
            reference.Parameters.SelectMany(p => p.Value.ToArray()).ToArray(),
            restored.Parameters.SelectMany(p => p.Value.ToArray()).ToArray());
    }

    [TestMethod]
    public void TrainingStopsOnNaNLoss()
    {
        var network = new Sequential(new Dense(4), new Dense(1));
        var data = new TrainingData(new TensorShape(2), [1e30f, 1e30f, -1e30f, 1e30f], [1e30f, -1e30f], 1);
        var history = NetworkTrainer.Fit(network, new MeanSquaredError(), new Sgd(10f), data, new TrainingOptions { Epochs = 20, BatchSize = 1 });
        Assert.IsTrue(history.StoppedOnNaN);
        Assert.IsTrue(history.Epochs.Count < 20);
    }

    [TestMethod]
    public void CancellationStopsTrainingBetweenBatches()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Batch == 3)
            {
                cancellation.Cancel();
            }
        });
        Assert.ThrowsExactly<OperationCanceledException>(() => NetworkTrainer.Fit(new Sequential(new Dense(3)), new SparseCategoricalCrossEntropy(fromLogits: true), new Adam(),
            Blobs(100, seed: 1), new TrainingOptions { BatchSize = 10, Progress = progress }, cancellationToken: cancellation.Token));
    }

    [TestMethod]
    public void ReduceLearningRateOnPlateauLowersTheRate()
    {
        var network = new Sequential(new Dense(3));
        var history = NetworkTrainer.Fit(network, new SparseCategoricalCrossEntropy(fromLogits: true), new Sgd(3f), Blobs(100, seed: 3),
            new TrainingOptions { Epochs = 12, BatchSize = 100, ReduceLearningRateOnPlateau = new ReduceLearningRateOnPlateau { Monitor = MonitoredMetric.Loss, Patience = 1, MinDelta = 10f, MinLearningRate = 0.01f } });
        Assert.IsTrue(history.Epochs[^1].LearningRate < 3f);
        Assert.AreEqual(0.01f, history.Epochs.Min(e => e.LearningRate), 1e-7);
    }

    [TestMethod]
    public void CheckpointHoldsTheBestNetworkAndLoadsToIdenticalPredictions()
    {
        using var files = new TempFiles();
        string path = Path.Combine(files.Root, "best.nn");
        var network = new Sequential(new Reshape(1, -1), new Flatten(), new Dense(8, ActivationFunction.Gelu, kernelRegularization: new Regularization(0.001f, 0.001f)), new Dropout(0.1f), new Dense(3, ActivationFunction.Softmax));

        // Restoring the best weights at the end makes the trained network the best epoch's, which the checkpoint
        // written during training must equal.
        NetworkTrainer.Fit(network, new SparseCategoricalCrossEntropy(), new Adam(0.05f), Blobs(120, seed: 8),
            new TrainingOptions
            {
                Epochs = 8,
                BatchSize = 16,
                ValidationFraction = 0.25f,
                CheckpointPath = path,
                EarlyStopping = new EarlyStopping { Patience = 100, RestoreBestWeights = true },
            });
        Assert.IsTrue(File.Exists(path));
        Assert.IsFalse(File.Exists(path + ".tmp"));
        Sequential loaded = Checkpoint.Read(path);
        float[] features = Blobs(20, seed: 9).Features;
        CollectionAssert.AreEqual(network.Predict(features, 20), loaded.Predict(features, 20));
        Assert.AreEqual(network.Summary(), loaded.Summary());
    }

    [TestMethod]
    public void DataThatDoesNotFitTheNetworkOrLossIsRejectedWithBothShapes()
    {
        var network = new Sequential(new Dense(3));
        network.Build(new TensorShape(4), seed: 0);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => NetworkTrainer.Fit(network, new MeanSquaredError(), new Adam(), Blobs(10, seed: 1)));
        StringAssert.Contains(ex.Message, "[2]");
        StringAssert.Contains(ex.Message, "[4]");
        var wrongTargets = new TrainingData(new TensorShape(4), new float[8], new float[2], 1);
        ex = Assert.ThrowsExactly<ArgumentException>(() => NetworkTrainer.Fit(network, new MeanSquaredError(), new Adam(), wrongTargets));
        StringAssert.Contains(ex.Message, "needs 3 target value(s)");
    }

    [TestMethod]
    public void StratifiedValidationKeepsEachClasssShare()
    {
        int[] labels = [.. Enumerable.Repeat(0, 90), .. Enumerable.Repeat(1, 10)];
        var data = new TrainingData(new TensorShape(1), labels.Select(l => (float)l).ToArray(), labels.Select(l => (float)l).ToArray(), 1);
        var (train, validation) = ValidationSplit.Split(data, 0.2f, labels, seed: 3);
        Assert.IsNotNull(validation);
        Assert.AreEqual(18, validation.Targets.Count(t => t == 0f));
        Assert.AreEqual(2, validation.Targets.Count(t => t == 1f));
        Assert.AreEqual(80, train.Count);
    }

    [TestMethod]
    public void AFractionThatHoldsOutNoRowTrainsOnEveryRowWithoutValidation()
    {
        // Two rows of each of three classes: 10 % of each class rounds to none.
        TrainingData six = Blobs(6, seed: 1);
        int[] classes = [.. six.Targets.Select(t => (int)t)];
        var (train, validation) = ValidationSplit.Split(six, 0.1f, classes, seed: 3);
        Assert.IsNull(validation);
        Assert.AreSame(six, train);

        var network = new Sequential(new Dense(3));
        TrainingHistory history = NetworkTrainer.Fit(network, new SparseCategoricalCrossEntropy(fromLogits: true), new Adam(), six,
            new TrainingOptions { Epochs = 3, Seed = 1, ValidationFraction = 0.1f, EarlyStopping = new EarlyStopping { Patience = 1, RestoreBestWeights = true } }, stratificationLabels: classes);
        Assert.IsTrue(history.Epochs.All(e => double.IsNaN(e.ValidationLoss)), "no epoch was validated");
        Assert.AreEqual(history.Epochs.MinBy(e => e.Loss)!.Epoch, history.BestEpoch, "early stopping watched the training loss");

        // A fraction that holds out every row is still an error.
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ValidationSplit.Split(six, 0.9f, classes, seed: 3));
        StringAssert.Contains(ex.Message, "leaves 0 for training");
    }

    private static TrainingData Xor() => new(new TensorShape(2), s_xorFeatures, s_xorTargets, 1);

    /// <summary>Three Gaussian blobs in the plane, class index targets.</summary>
    internal static TrainingData Blobs(int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * 2];
        var targets = new float[count];
        float[][] centers = [[-2f, 0f], [2f, 0f], [0f, 2.5f]];
        for (int i = 0; i < count; i++)
        {
            int c = i % 3;
            targets[i] = c;
            features[2 * i] = centers[c][0] + (float)(random.NextDouble() - 0.5);
            features[(2 * i) + 1] = centers[c][1] + (float)(random.NextDouble() - 0.5);
        }

        return new TrainingData(new TensorShape(2), features, targets, 1);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
