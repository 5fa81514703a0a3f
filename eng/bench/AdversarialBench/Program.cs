using System.Diagnostics;
using System.Globalization;
using EngineBench;
using MLNet.NeuralExtensions.Engine;

// Usage: AdversarialBench <digits|fashion> <digits csv or -> <epochs> <training epsilon> <attack epsilons, comma-separated>
//        AdversarialBench attack   (the cost of one PGD-5 attack, see AttackCost)
// Trains an MLP (digits 64-64-10, batch 64; Fashion-MNIST 784-256-128-10, batch 128; Adam at 0.001, seed 1) three ways
// on inputs scaled to [0, 1] — clean, PGD adversarial training (every example replaced: 5 steps of ε/4 from a random
// start, Madry et al.) and fast adversarial training (FGSM from a random start, step 1.25 ε, Wong et al.) at the training
// ε — and prints, for each, the training seconds, the clean test accuracy and the accuracy under PGD-10 (steps of ε/4,
// random start, clipped to [0, 1]) at each attack ε, in the line format adversarial_peer.py prints too. One untimed
// epoch of each mode runs first.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args[0] == "attack")
{
    AdversarialBench.AttackCost.Run();
    return;
}

string dataset = args[0];
int epochs = int.Parse(args[2], CultureInfo.InvariantCulture);
float trainingEpsilon = float.Parse(args[3], CultureInfo.InvariantCulture);
float[] epsilons = [.. args[4].Split(',').Select(e => float.Parse(e, CultureInfo.InvariantCulture))];
var (train, test, hidden, batch) = dataset == "digits" ? Digits(args[1]) : Fashion();
var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
(string Name, AdversarialTraining? Training)[] modes =
[
    ("clean", null),
    ("pgd", new AdversarialTraining(new AdversarialAttack(trainingEpsilon, trainingEpsilon / 4, 5, randomStart: true, seed: 1) { ClipMinimum = 0f, ClipMaximum = 1f }, adversarialFraction: 1f)),
    ("fgsm-rs", new AdversarialTraining(new AdversarialAttack(trainingEpsilon, 1.25f * trainingEpsilon, 1, randomStart: true, seed: 1) { ClipMinimum = 0f, ClipMaximum = 1f }, adversarialFraction: 1f)),
];
Sequential Train(AdversarialTraining? training, int epochCount)
{
    var network = new Sequential([.. hidden.Select(units => (Layer)new Dense(units, ActivationFunction.ReLU)), new Dense(10)]);
    network.Build(train.FeatureShape, seed: 1);
    NetworkTrainer.Fit(network, loss, new Adam(1e-3f), train, new TrainingOptions { Epochs = epochCount, BatchSize = batch, Seed = 1, AdversarialTraining = training });
    return network;
}

// One untimed epoch of each mode first, so that the timed trainings run optimized code, not the runtime's first tier.
foreach (var (_, training) in modes)
{
    Train(training, 1);
}

foreach (var (name, training) in modes)
{
    long start = Stopwatch.GetTimestamp();
    Sequential network = Train(training, epochs);
    double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var line = new List<string> { $"{dataset} ours {name} seconds {seconds:F3} clean {Accuracy(network, test.Features, test):F4}" };
    foreach (float epsilon in epsilons)
    {
        var attack = new AdversarialAttack(epsilon, epsilon / 4, 10, randomStart: true, seed: 2) { ClipMinimum = 0f, ClipMaximum = 1f };
        line.Add($"eps={epsilon} {Accuracy(network, attack.Perturb(network, loss, test.Features, test.Targets, test.Count), test):F4}");
    }

    Console.WriteLine(string.Join(' ', line));
}

static double Accuracy(Sequential network, float[] features, TrainingData data)
{
    float[] scores = network.Predict(features, data.Count);
    int correct = 0;
    for (int r = 0; r < data.Count; r++)
    {
        correct += System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.AsSpan(r * 10, 10)) == (int)data.Targets[r] ? 1 : 0;
    }

    return correct / (double)data.Count;
}

// digits-8x8.csv (64 pixels 0-16, then the digit): every fifth row is a test row; pixels / 16.
static (TrainingData Train, TrainingData Test, int[] Hidden, int Batch) Digits(string path)
{
    var rows = File.ReadLines(path).Skip(1).Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    TrainingData Part(bool testPart)
    {
        var part = rows.Where((_, i) => (i % 5 == 0) == testPart).ToArray();
        return new TrainingData(new TensorShape(64), [.. part.SelectMany(r => r.Take(64).Select(v => v / 16f))], [.. part.Select(r => r[64])], 1);
    }

    return (Part(false), Part(true), [64], 64);
}

static (TrainingData Train, TrainingData Test, int[] Hidden, int Batch) Fashion()
{
    string directory = FashionMnist.Directory();
    var (trainImages, trainLabels, _) = FashionMnist.Load(directory, "train");
    var (testImages, testLabels, _) = FashionMnist.Load(directory, "t10k");
    return (new TrainingData(new TensorShape(784), trainImages, trainLabels, 1), new TrainingData(new TensorShape(784), testImages, testLabels, 1), [256, 128], 128);
}
