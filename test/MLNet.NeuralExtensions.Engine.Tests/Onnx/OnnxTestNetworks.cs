using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Onnx;

/// <summary>The networks whose ONNX export is checked: every layer type in its configurations, and MLP, CNN and LSTM
/// networks. Each is built, run once in training mode (so batch normalization's moving statistics are not their initial
/// values) and given a batch of inputs. Each is exported at <see cref="Opsets"/>: the earliest it can be written at, 12
/// (ML.NET's converter's default) and 17 (the engine's).</summary>
internal static class OnnxTestNetworks
{
    public const int Batch = 3;

    /// <summary>The results of the engine and of ONNX Runtime may differ by this much.</summary>
    public const float Tolerance = 1e-4f;

    public static IEnumerable<object[]> Names => Cases.Keys.Select(name => new object[] { name });

    /// <summary>Every case with every opset it is exported at.</summary>
    public static IEnumerable<object[]> NamesAndOpsets => Cases.Keys.SelectMany(name => Opsets(name).Select(opset => new object[] { name, opset }));

    /// <summary>The opsets <paramref name="name"/> is exported at.</summary>
    public static int[] Opsets(string name) => [EarliestOpset(Cases[name]().Network), 12, 17];

    /// <summary>The earliest opset <paramref name="network"/> has an ONNX form at: 10 when a layer reverses the steps
    /// (Slice with negative steps and ReverseSequence arrived in 10), else 9, ML.NET's earliest.</summary>
    public static int EarliestOpset(Sequential network)
        => network.Layers.Any(l => l is Bidirectional or RecurrentLayer { GoBackwards: true }) ? 10 : 9;

    public static readonly IReadOnlyDictionary<string, Func<(Sequential Network, TensorShape Shape)>> Cases =
        new Dictionary<string, Func<(Sequential, TensorShape)>>
        {
            ["Dense_Linear"] = () => Dense(ActivationFunction.Linear),
            ["Dense_ReLU"] = () => Dense(ActivationFunction.ReLU),
            ["Dense_Sigmoid"] = () => Dense(ActivationFunction.Sigmoid),
            ["Dense_Tanh"] = () => Dense(ActivationFunction.Tanh),
            ["Dense_Softmax"] = () => Dense(ActivationFunction.Softmax),
            ["Dense_Softplus"] = () => Dense(ActivationFunction.Softplus),
            ["Dense_SiLU"] = () => Dense(ActivationFunction.SiLU),
            ["Dense_Selu"] = () => Dense(ActivationFunction.Selu),
            ["Dense_Gelu"] = () => Dense(ActivationFunction.Gelu),
            ["Dense_LeakyReLU"] = () => Dense(ActivationFunction.LeakyReLU(0.2f)),
            ["Dense_Elu"] = () => Dense(ActivationFunction.Elu(0.7f)),
            ["Dense_NoBias_ReLU"] = () => (new(new Dense(3, ActivationFunction.ReLU, useBias: false)), new(6)),
            ["Dense_OverSequence_NoBias"] = () => (new(new Dense(3, ActivationFunction.Tanh, useBias: false)), new(4, 5)),
            ["Activation_Softmax_OverRows"] = () => (new(new Activation(ActivationFunction.Softmax)), new(2, 5)),
            ["Activation_Softmax_OverGrid"] = () => (new(new Activation(ActivationFunction.Softmax)), new(2, 3, 4)),
            ["Dense_OverSequence_Softmax"] = () => (new(new Dense(3, ActivationFunction.Softmax)), new(4, 5)),
            ["Dropout_GaussianNoise"] = () => (new(new Dropout(0.5f), new GaussianNoise(0.3f), new Dense(2)), new(5)),
            ["Reshape_Flatten"] = () => (new(new Reshape(2, 6), new Dense(3), new Flatten()), new(12)),
            ["Embedding"] = () => (new(new Embedding(6, 4)), new(5)),
            ["Conv2D_Same_Stride2"] = () => (new(new Conv2D(3, 3, strides: 2, padding: Padding.Same)), new(2, 7, 6)),
            ["Conv2D_Valid_Dilation2_ReLU"] = () => (new(new Conv2D(4, (2, 3), (1, 1), (2, 2), Padding.Valid, ActivationFunction.ReLU)), new(2, 8, 8)),
            ["Conv2D_NoBias_Sigmoid"] = () => (new(new Conv2D(2, 3, padding: Padding.Same, activation: ActivationFunction.Sigmoid, useBias: false)), new(1, 5, 5)),
            ["Conv1D_Same"] = () => (new(new Conv1D(3, 4, padding: Padding.Same)), new(2, 9)),
            ["Conv1D_Strided"] = () => (new(new Conv1D(2, 3, strides: 2)), new(3, 10)),
            ["Conv1D_Dilation2_Tanh"] = () => (new(new Conv1D(2, 3, dilationRate: 2, activation: ActivationFunction.Tanh)), new(2, 10)),
            ["Conv2D_Same_Dilation2_Softmax"] = () => (new(new Conv2D(3, 3, dilationRate: 2, padding: Padding.Same, activation: ActivationFunction.Softmax)), new(2, 7, 6)),
            ["MaxPooling2D"] = () => (new(new MaxPooling2D(2)), new(2, 6, 6)),
            ["MaxPooling2D_Same_Stride1"] = () => (new(new MaxPooling2D(3, strides: 1, padding: Padding.Same)), new(2, 5, 4)),
            ["AveragePooling2D_Same"] = () => (new(new AveragePooling2D(2, padding: Padding.Same)), new(2, 5, 5)),
            ["MaxPooling1D_Same"] = () => (new(new MaxPooling1D(2, padding: Padding.Same)), new(3, 7)),
            ["AveragePooling1D_Strided"] = () => (new(new AveragePooling1D(3, strides: 2)), new(2, 9)),
            ["GlobalAveragePooling_2D"] = () => (new(new GlobalAveragePooling()), new(3, 4, 5)),
            ["GlobalMaxPooling_1D"] = () => (new(new GlobalMaxPooling()), new(3, 6)),
            ["GlobalAveragePooling_1D"] = () => (new(new GlobalAveragePooling()), new(3, 6)),
            ["GlobalMaxPooling_2D"] = () => (new(new GlobalMaxPooling()), new(2, 3, 5)),
            ["BatchNormalization_Dense"] = () => (new(new BatchNormalization()), new(6)),
            ["BatchNormalization_Spatial"] = () => (new(new Conv2D(3, 2), new BatchNormalization(momentum: 0.5f)), new(2, 4, 4)),
            ["BatchNormalization_NoScaleNoCenter"] = () => (new(new BatchNormalization(center: false, scale: false)), new(3, 4)),
            ["LayerNormalization"] = () => (new(new Dense(5), new LayerNormalization()), new(3, 4)),
            ["LayerNormalization_NoCenter"] = () => (new(new LayerNormalization(center: false)), new(6)),
            ["LayerNormalization_NoScale_OverSequence"] = () => (new(new Dense(4), new LayerNormalization(epsilon: 0.1f, scale: false)), new(3, 2)),
            ["SimpleRNN_Tanh"] = () => (new(new SimpleRnn(4)), new(5, 3)),
            ["SimpleRNN_ReLU_Sequences_Backwards"] = () => (new(new SimpleRnn(4, ActivationFunction.ReLU, returnSequences: true, goBackwards: true)), new(5, 3)),
            ["SimpleRNN_Sigmoid"] = () => (new(new SimpleRnn(3, ActivationFunction.Sigmoid)), new(4, 2)),
            ["SimpleRNN_Linear_Sequences"] = () => (new(new SimpleRnn(3, ActivationFunction.Linear, returnSequences: true)), new(4, 2)),
            ["SimpleRNN_LeakyReLU"] = () => (new(new SimpleRnn(3, ActivationFunction.LeakyReLU(0.2f))), new(4, 2)),
            ["SimpleRNN_Elu"] = () => (new(new SimpleRnn(3, ActivationFunction.Elu(0.5f))), new(4, 2)),
            ["SimpleRNN_Softplus"] = () => (new(new SimpleRnn(3, ActivationFunction.Softplus)), new(4, 2)),
            ["SimpleRNN_Stacked"] = () => (new(new SimpleRnn(4, returnSequences: true), new SimpleRnn(3)), new(5, 2)),
            ["LSTM"] = () => (new(new Lstm(4)), new(6, 3)),
            ["LSTM_Sequences"] = () => (new(new Lstm(4, returnSequences: true)), new(6, 3)),
            ["LSTM_Backwards"] = () => (new(new Lstm(3, goBackwards: true)), new(6, 2)),
            ["LSTM_Sequences_Backwards"] = () => (new(new Lstm(3, returnSequences: true, goBackwards: true)), new(6, 2)),
            ["GRU"] = () => (new(new Gru(4)), new(6, 3)),
            ["GRU_Sequences_Backwards"] = () => (new(new Gru(4, returnSequences: true, goBackwards: true)), new(6, 3)),
            ["GRU_Stacked"] = () => (new(new Gru(4, returnSequences: true), new Gru(3)), new(6, 3)),
            ["LSTM_Stacked_Backwards"] = () => (new(new Lstm(4, returnSequences: true, goBackwards: true), new Lstm(3, returnSequences: true), new Lstm(2, goBackwards: true)), new(5, 3)),
            ["Bidirectional_LSTM_Concatenate_Sequences"] = () => (new(new Bidirectional(new Lstm(3, returnSequences: true))), new(5, 2)),
            ["Bidirectional_GRU_Sum"] = () => (new(new Bidirectional(new Gru(3), BidirectionalMerge.Sum)), new(5, 2)),
            ["Bidirectional_RNN_Concatenate_LastState"] = () => (new(new Bidirectional(new SimpleRnn(3))), new(5, 2)),
            ["Bidirectional_RNN_Average_Sequences"] = () => (new(new Bidirectional(new SimpleRnn(3, returnSequences: true), BidirectionalMerge.Average)), new(5, 2)),
            ["Network_MLP"] = () => (new(new Dense(32, ActivationFunction.ReLU), new Dropout(0.2f), new BatchNormalization(), new Dense(16, ActivationFunction.ReLU),
                new Dense(3, ActivationFunction.Softmax)), new(20)),
            ["Network_CNN"] = () => (new(new Conv2D(8, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new BatchNormalization(), new MaxPooling2D(2),
                new Conv2D(16, 3, activation: ActivationFunction.ReLU), new MaxPooling2D(2), new Flatten(), new Dropout(0.3f), new Dense(10)), new(1, 14, 14)),
            ["Network_LSTM"] = () => (new(new Lstm(8, returnSequences: true), new Dropout(0.2f), new Lstm(6), new Dense(2, ActivationFunction.Softmax)), new(12, 3)),
            ["Network_TextLSTM"] = () => (new(new Embedding(6, 4), new Bidirectional(new Lstm(5, returnSequences: true)), new LayerNormalization(),
                new Gru(4), new Dense(2)), new(7)),
            ["Network_EveryLayer_Spatial"] = () => (new(
                new Conv2D(4, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new BatchNormalization(), new MaxPooling2D(2),
                new Conv2D(4, (2, 1), (1, 1), (2, 1), Padding.Valid), new AveragePooling2D(2, padding: Padding.Same), new Reshape(4, -1),
                new Conv1D(3, 2, padding: Padding.Same), new MaxPooling1D(2, padding: Padding.Same), new AveragePooling1D(1),
                new GlobalMaxPooling(), new Dropout(0.1f), new Dense(3), new Activation(ActivationFunction.Softmax)), new(1, 8, 6)),
            ["Network_EveryLayer_Recurrent"] = () => (new(
                new Embedding(6, 4), new Lstm(5, returnSequences: true), new GaussianNoise(0.1f), new LayerNormalization(),
                new Bidirectional(new Gru(3, returnSequences: true), BidirectionalMerge.Sum), new SimpleRnn(4, ActivationFunction.ReLU, returnSequences: true),
                new GlobalAveragePooling(), new Flatten(), new Dense(2)), new(7)),
        };

    /// <summary>The steps of the padded examples of <see cref="SequenceLengthNetworks"/>.</summary>
    public const int SequenceSteps = 5;

    /// <summary>The features per step of the padded examples of <see cref="SequenceLengthNetworks"/>.</summary>
    public const int SequenceFeatures = 3;

    /// <summary>The valid steps of six padded examples.</summary>
    public static readonly int[] SequenceLengths = [5, 2, 1, 4, 2, 3];

    /// <summary>Networks that take sequence lengths (<see cref="Sequential.TakesSequenceLengths"/>), by name, unbuilt.</summary>
    public static IEnumerable<object[]> SequenceLengthNetworks() =>
    [
        ["LSTM last state", (Func<Sequential>)(() => new(new Lstm(4), new Dense(2)))],
        ["GRU backwards", (Func<Sequential>)(() => new(new Gru(4, goBackwards: true), new Dense(2)))],
        ["SimpleRNN stacked", (Func<Sequential>)(() => new(new SimpleRnn(4, returnSequences: true), new SimpleRnn(3, goBackwards: true), new Dense(2)))],
        ["Bidirectional LSTM sequences", (Func<Sequential>)(() => new(new Dense(5, ActivationFunction.Tanh), new Bidirectional(new Lstm(3, returnSequences: true)),
            new LayerNormalization(), new Bidirectional(new Gru(3), BidirectionalMerge.Sum), new Dense(2)))],
        ["Bidirectional GRU average", (Func<Sequential>)(() => new(new Bidirectional(new Gru(3, returnSequences: true), BidirectionalMerge.Average), new Lstm(2, goBackwards: true)))],
    ];

    /// <summary>The built network of <paramref name="name"/> with an input batch (indices for embedding networks).</summary>
    public static (Sequential Network, float[] Inputs) Create(string name)
    {
        var (network, shape) = Cases[name]();
        network.Build(shape, seed: 5);
        float[] inputs = Inputs(network, Batch, new Random(name.Length));
        network.Forward(new Tensor(shape.WithBatch(Batch), inputs), new RunContext(true, new Random(1), 1));
        return (network, inputs);
    }

    /// <summary><paramref name="rows"/> random examples for <paramref name="network"/>: indices below the vocabulary size
    /// for an embedding, values in [−1, 1] otherwise.</summary>
    public static float[] Inputs(Sequential network, int rows, Random random) => network.Layers[0] is Embedding embedding
        ? [.. Enumerable.Range(0, rows * network.InputShape.Size).Select(_ => (float)random.Next(embedding.InputDimension))]
        : GradientCheck.RandomValues(random, rows * network.InputShape.Size);

    /// <summary>The model <see cref="Sequential.ConvertToOnnx"/> writes for <paramref name="opset"/>.</summary>
    public static byte[] ToOnnx(Sequential network, int opset = 17, bool withSequenceLengths = false)
    {
        using var stream = new MemoryStream();
        network.ConvertToOnnx(stream, withSequenceLengths, opset);
        return stream.ToArray();
    }

    /// <summary>Asserts that ONNX Runtime's <paramref name="actual"/> outputs are the engine's <paramref name="expected"/>
    /// ones within <see cref="Tolerance"/>.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: output length");
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= Tolerance))
            {
                Assert.Fail($"{what}: output {i} is {actual[i]} through ONNX Runtime and {expected[i]} in the engine.");
            }
        }
    }

    private static (Sequential, TensorShape) Dense(ActivationFunction activation) => (new(new Dense(4, activation)), new(6));
}
