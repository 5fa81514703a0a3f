using EngineBench;
using MLNet.NeuralExtensions.Engine;

// Usage: EngineBench <gemm|mlp|cnn|lstm> [threads]. Prints "<what> <size> <value>" lines that run-engine-bench.sh pairs
// with the PyTorch peer's. Diagnostic modes, without a peer: gemm-shapes (the products the networks run) and
// profile-cnn / profile-lstm (time per layer and pass).
string what = args.Length > 0 ? args[0] : "gemm";
int threads = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount;
switch (what)
{
    case "gemm":
        GemmBench.Run(threads);
        break;
    case "gemm-shapes":
        GemmShapesBench.Run(threads);
        break;
    case "mlp":
        NetworkBench.Run("mlp", () => new Sequential(new Dense(256, ActivationFunction.ReLU), new Dense(128, ActivationFunction.ReLU), new Dense(10)), new TensorShape(784), epochs: 3, threads);
        break;
    case "cnn":
        NetworkBench.Run("cnn", () => new Sequential(
            new Conv2D(32, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Conv2D(64, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Flatten(), new Dense(128, ActivationFunction.ReLU), new Dense(10)), new TensorShape(1, 28, 28), epochs: 2, threads);
        break;
    case "lstm":
        NetworkBench.Run("lstm", () => new Sequential(new Lstm(128), new Dense(10)), new TensorShape(28, 28), epochs: 2, threads);
        break;
    case "profile-cnn":
        LayerProfile.Run(new Sequential(
            new Conv2D(32, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Conv2D(64, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
            new Flatten(), new Dense(128, ActivationFunction.ReLU), new Dense(10)), new TensorShape(1, 28, 28), 128, threads);
        break;
    case "profile-lstm":
        LayerProfile.Run(new Sequential(new Lstm(128), new Dense(10)), new TensorShape(28, 28), 128, threads);
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{what}'.");
        return 1;
}

return 0;
