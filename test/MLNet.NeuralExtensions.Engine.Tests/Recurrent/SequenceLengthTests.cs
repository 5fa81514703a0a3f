using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Engine.Tests.Onnx;
using MLNet.NeuralExtensions.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Recurrent;

/// <summary>Padded sequences with per-example lengths: the recurrent layers must give what they give on the unpadded
/// sequences, whatever the padding holds, in the managed engine and in ONNX Runtime.</summary>
[TestClass]
public sealed class SequenceLengthTests
{
    private const int Steps = OnnxTestNetworks.SequenceSteps;
    private const int Features = OnnxTestNetworks.SequenceFeatures;
    private static readonly int[] Lengths = OnnxTestNetworks.SequenceLengths;

    /// <summary>The opsets the networks are exported at: the earliest that reverses steps, ML.NET's default, the engine's.</summary>
    private static readonly int[] s_opsets = [10, 12, 17];

    public static IEnumerable<object[]> NetworksAndOpsets() => OnnxTestNetworks.SequenceLengthNetworks().SelectMany(row => s_opsets.Select(opset => (object[])[.. row, opset]));

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(true, true)]
    [DataRow(false, true)]
    public void RecurrentGradientsWithLengthsMatchFiniteDifferences(bool sequences, bool backwards)
    {
        int[] lengths = [3, 1, 2];
        Layer[] layers =
        [
            new Lstm(3, returnSequences: sequences, goBackwards: backwards),
            new Gru(3, returnSequences: sequences, goBackwards: backwards),
            new SimpleRnn(3, returnSequences: sequences, goBackwards: backwards),
            new Bidirectional(new Lstm(2, returnSequences: sequences)),
        ];
        foreach (Layer layer in layers)
        {
            GradientCheck.Layer(layer, new TensorShape(3, 2), sequenceLengths: lengths);

            // Steps past a sequence's end get exactly zero input gradient (the check above only shows consistency).
            var context = new RunContext(false, new Random(1), 1) { SequenceLengths = lengths };
            Tensor y = layer.Forward(new Tensor(new TensorShape(3, 3, 2), GradientCheck.RandomValues(new Random(2), 18)), context);
            var gradient = new Tensor(y.Shape, GradientCheck.RandomValues(new Random(3), y.Length));
            float[] dx = layer.Backward(gradient, context, needInputGradient: true)!.ToArray();
            for (int example = 0; example < 3; example++)
            {
                for (int t = 0; t < 3; t++)
                {
                    float magnitude = Math.Abs(dx[(example * 6) + (t * 2)]) + Math.Abs(dx[(example * 6) + (t * 2) + 1]);
                    if (t >= lengths[example])
                    {
                        Assert.AreEqual(0f, magnitude, $"{layer}: example {example}, padded step {t}");
                    }
                    else
                    {
                        Assert.AreNotEqual(0f, magnitude, $"{layer}: example {example}, valid step {t}");
                    }
                }
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(OnnxTestNetworks.SequenceLengthNetworks), typeof(OnnxTestNetworks))]
    public void PaddedSequencesScoreAsTheUnpaddedOnesWhateverThePaddingHolds(string name, Func<Sequential> create)
    {
        Sequential padded = create();
        padded.Build(new TensorShape(Steps, Features), seed: 3);
        Assert.IsTrue(padded.TakesSequenceLengths, name);
        var random = new Random(4);
        float[] inputs = GradientCheck.RandomValues(random, Lengths.Length * Steps * Features);
        float[] outputs = padded.Predict(inputs, Lengths.Length, Lengths);

        // Other padding, large enough to show if any of it leaked through.
        float[] repadded = (float[])inputs.Clone();
        for (int i = 0; i < Lengths.Length; i++)
        {
            repadded.AsSpan(((i * Steps) + Lengths[i]) * Features, (Steps - Lengths[i]) * Features).Fill(1000f * (i + 1));
        }

        CollectionAssert.AreEqual(outputs, padded.Predict(repadded, Lengths.Length, Lengths), $"{name}: the padding changed the outputs");

        int outputSize = padded.OutputShape.Size;
        for (int i = 0; i < Lengths.Length; i++)
        {
            // The same weights on a network built for exactly this example's steps.
            Sequential exact = create();
            exact.Build(new TensorShape(Lengths[i], Features), seed: 3);
            for (int p = 0; p < exact.Parameters.Count; p++)
            {
                padded.Parameters[p].Value.Span.CopyTo(exact.Parameters[p].Value.Span);
            }

            float[] expected = exact.Predict(inputs.AsSpan(i * Steps * Features, Lengths[i] * Features), 1);
            for (int j = 0; j < outputSize; j++)
            {
                Assert.AreEqual(expected[j], outputs[(i * outputSize) + j], 1e-5, $"{name}, example {i} (length {Lengths[i]}), output {j}");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(NetworksAndOpsets))]
    public void OnnxRuntimeHonoursTheLengthsAsTheEngineDoes(string name, Func<Sequential> create, int opset)
    {
        Sequential network = create();
        network.Build(new TensorShape(Steps, Features), seed: 3);
        float[] inputs = GradientCheck.RandomValues(new Random(5), Lengths.Length * Steps * Features);
        float[] managed = network.Predict(inputs, Lengths.Length, Lengths);
        using var onnx = new OnnxRuntimeScorer(OnnxTestNetworks.ToOnnx(network, opset, withSequenceLengths: true));
        float[] scored = onnx.Score(inputs, network.InputShape, Lengths.Length, Lengths);
        Assert.HasCount(managed.Length, scored);
        for (int i = 0; i < managed.Length; i++)
        {
            Assert.AreEqual(managed[i], scored[i], 1e-4, $"{name} at opset {opset}, value {i}");
        }
    }

    [TestMethod]
    public void ExportedModelsWithLengthsPassOnnxChecker()
    {
        OnnxChecker.RequireOnnxPackage();
        using var files = new TempFiles();
        int count = 0;
        foreach (object[] row in NetworksAndOpsets())
        {
            var network = ((Func<Sequential>)row[1])();
            network.Build(new TensorShape(Steps, Features), seed: 3);
            File.WriteAllBytes(files.PathOf($"lengths{count++}.opset{row[2]}.onnx"), OnnxTestNetworks.ToOnnx(network, (int)row[2], withSequenceLengths: true));
        }

        OnnxChecker.AssertAllPass(files.Root, count);
    }

    [TestMethod]
    public void AnLstmLearnsTheSignOfSumsOfVaryingLengthDespiteLoudPadding()
    {
        const int steps = 12;
        var (trainX, trainY, trainLengths) = VaryingSums(2000, steps, seed: 1);
        var (testX, testY, testLengths) = VaryingSums(500, steps, seed: 2);
        var shape = new TensorShape(steps, 1);
        var network = new Sequential(new Lstm(16), new Dense(1));
        var history = NetworkTrainer.Fit(network, new BinaryCrossEntropy(fromLogits: true), new Adam(1e-2f),
            new TrainingData(shape, trainX, trainY, 1, sequenceLengths: trainLengths), new TrainingOptions { Epochs = 15, BatchSize = 32, Seed = 1, ValidationFraction = 0.1f });
        Assert.IsLessThan(history.Epochs[0].Loss / 3, history.Epochs[^1].Loss, $"loss {history.Epochs[0].Loss} → {history.Epochs[^1].Loss}");
        Assert.IsFalse(double.IsNaN(history.Epochs[^1].ValidationLoss), "the held-out part keeps its lengths");
        float[] logits = network.Predict(testX, 500, testLengths);
        double accuracy = Enumerable.Range(0, 500).Count(i => (logits[i] > 0) == (testY[i] > 0.5f)) / 500.0;
        Assert.IsGreaterThanOrEqualTo(0.95, accuracy, $"accuracy {accuracy:F3}");
    }

    [TestMethod]
    public void LengthsOutOfRangeOrOnANetworkThatCannotTakeThemAreRejected()
    {
        var network = new Sequential(new Lstm(2), new Dense(1));
        network.Build(new TensorShape(4, 1), seed: 1);
        float[] inputs = new float[8];
        var tooLong = Assert.ThrowsExactly<ArgumentException>(() => network.Predict(inputs, 2, [4, 5]));
        StringAssert.Contains(tooLong.Message, "Example 1 has a sequence length of 5; the network takes 1 to 4 steps");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => network.Predict(inputs, 2, [0, 1])).Message, "Example 0 has a sequence length of 0");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => network.Predict(inputs, 2, [1])).Message, "2 examples need 2 sequence lengths; got 1");
        var data = Assert.ThrowsExactly<ArgumentException>(() => new TrainingData(new TensorShape(4, 1), inputs, [0, 1], 1, sequenceLengths: [2, 7]));
        StringAssert.Contains(data.Message, "Example 1 has a sequence length of 7");

        // A convolution mixes neighbouring positions, padding included, so it cannot honour lengths.
        var convolution = new Sequential(new Conv1D(2, 2), new GlobalAveragePooling(), new Dense(1));
        convolution.Build(new TensorShape(1, 4), seed: 1);
        Assert.IsFalse(convolution.TakesSequenceLengths);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => convolution.Predict(inputs, 2, [1, 1])).Message, "cannot take sequence lengths");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => OnnxTestNetworks.ToOnnx(convolution, withSequenceLengths: true)).Message, "cannot take sequence lengths");
        var fit = Assert.ThrowsExactly<ArgumentException>(() => NetworkTrainer.Fit(convolution, new MeanSquaredError(), new Adam(),
            new TrainingData(new TensorShape(1, 4), inputs, [0, 1], 1, sequenceLengths: [1, 1])));
        StringAssert.Contains(fit.Message, "The training data has sequence lengths, which this network cannot take");
    }

    /// <summary>Sequences of 1 to <paramref name="steps"/> values in [−1, 1], labelled by the sign of their sum, padded
    /// with values of ±5 that would swamp the sum if they were read.</summary>
    private static (float[] Features, float[] Targets, int[] Lengths) VaryingSums(int count, int steps, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * steps];
        var targets = new float[count];
        var lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            lengths[i] = random.Next(1, steps + 1);
            double sum = 0;
            for (int t = 0; t < steps; t++)
            {
                float value = t < lengths[i] ? (float)((random.NextDouble() * 2) - 1) : random.Next(2) == 0 ? -5f : 5f;
                features[(i * steps) + t] = value;
                sum += t < lengths[i] ? value : 0;
            }

            targets[i] = sum > 0 ? 1f : 0f;
        }

        return (features, targets, lengths);
    }
}
