using EngineBench;
using MLNet.NeuralExtensions.Engine;

// Usage: EngineBench <gemm|mlp|cnn|lstm> [threads]. Prints "<what> <size> <value>" lines that run-engine-bench.sh pairs
// with the PyTorch peer's.
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
    default:
        Console.Error.WriteLine($"Unknown benchmark '{what}'.");
        return 1;
}

return 0;
