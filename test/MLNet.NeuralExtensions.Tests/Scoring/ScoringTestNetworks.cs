using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Tests.Scoring;

/// <summary>Small built networks of every kind the scoring backends must agree on, with random inputs.</summary>
internal static class ScoringTestNetworks
{
    /// <summary>The names of <see cref="Create"/>'s networks, for data-driven tests.</summary>
    public static IEnumerable<object[]> Names =>
    [
        ["dense"], ["conv2d"], ["conv1d"], ["recurrent"], ["recurrent-lengths"],
    ];

    /// <summary>The built network called <paramref name="name"/> (weights from seed 1) and whether it is scored with
    /// sequence lengths.</summary>
    public static (Sequential Network, bool WithSequenceLengths) Create(string name) => name switch
    {
        "dense" => (Built(new TensorShape(12), new Dense(16, ActivationFunction.ReLU), new BatchNormalization(), new Dense(8, ActivationFunction.Tanh),
            new Dense(3, ActivationFunction.Softmax)), false),
        "conv2d" => (Built(new TensorShape(2, 9, 8), new Conv2D(4, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Conv2D(6, 3, activation: ActivationFunction.ReLU), new Flatten(), new Dense(4)), false),
        "conv1d" => (Built(new TensorShape(3, 11), new Conv1D(5, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling1D(2),
            new GlobalAveragePooling(), new Dense(2)), false),
        "recurrent" => (Built(new TensorShape(7, 3), new Lstm(6, returnSequences: true), new Bidirectional(new Gru(4)), new Dense(2)), false),
        "recurrent-lengths" => (Built(new TensorShape(7, 3), new Lstm(6, returnSequences: true), new Gru(5), new Dense(3, ActivationFunction.Sigmoid)), true),
        _ => throw new ArgumentException($"Unknown test network '{name}'.", nameof(name)),
    };

    /// <summary><paramref name="rows"/> examples of <paramref name="network"/>'s input, uniform in [-1, 1).</summary>
    public static float[] Inputs(Sequential network, int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * network.InputShape.Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (2 * random.NextSingle()) - 1;
        }

        return values;
    }

    /// <summary>A length from 1 to the network's steps for each of <paramref name="rows"/> examples, the first full.</summary>
    public static int[] Lengths(Sequential network, int rows, int seed)
    {
        var random = new Random(seed);
        int steps = network.InputShape[0];
        return [.. Enumerable.Range(0, rows).Select(i => i == 0 ? steps : random.Next(1, steps + 1))];
    }

    private static Sequential Built(TensorShape input, params Layer[] layers)
    {
        var network = new Sequential(layers);
        network.Build(input, seed: 1);
        return network;
    }
}
