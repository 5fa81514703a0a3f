using MLNet.NeuralExtensions.Engine;

namespace ScoringBench;

/// <summary>The networks scored: a tabular MLP and the Fashion-MNIST-sized MLP, CNN and LSTM, weights from seed 1.</summary>
internal static class BenchNetworks
{
    /// <summary>The names, in the order printed.</summary>
    public static readonly string[] Names = ["mlp", "mlp-784", "cnn", "lstm"];

    /// <summary>30 features → dense 100 ReLU → 1.</summary>
    public static Sequential Mlp() => Built(new Sequential(new Dense(100, ActivationFunction.ReLU), new Dense(1)), new TensorShape(30));

    /// <summary>Built network <paramref name="name"/>.</summary>
    public static Sequential Create(string name) => name switch
    {
        "mlp" => Mlp(),
        // The Fashion-MNIST MLP: 784 → 256 ReLU → 128 ReLU → 10.
        "mlp-784" => Built(new Sequential(new Dense(256, ActivationFunction.ReLU), new Dense(128, ActivationFunction.ReLU), new Dense(10)), new TensorShape(784)),
        // 1×28×28 → conv 32 3×3 same ReLU → max-pool 2 → conv 64 3×3 same ReLU → max-pool 2 → dense 128 ReLU → 10.
        "cnn" => Built(new Sequential(
            new Conv2D(32, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Conv2D(64, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Flatten(), new Dense(128, ActivationFunction.ReLU), new Dense(10)), new TensorShape(1, 28, 28)),
        // 28 steps of 28 features → LSTM 64 (last state) → 10.
        "lstm" => Built(new Sequential(new Lstm(64), new Dense(10)), new TensorShape(28, 28)),
        _ => throw new ArgumentException($"Unknown network '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name)),
    };

    private static Sequential Built(Sequential network, TensorShape input)
    {
        network.Build(input, seed: 1);
        return network;
    }
}
