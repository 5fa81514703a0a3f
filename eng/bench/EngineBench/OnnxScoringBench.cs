using System.Diagnostics;
using System.Runtime.InteropServices;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;

namespace EngineBench;

/// <summary>Scoring throughput of a Fashion-MNIST network, in rows per second at batch 1 and batch 1024: the managed
/// engine and ONNX Runtime through this package's binding. Writes the exported model and the test images (raw
/// little-endian floats) to <c>artifacts/bench</c>, where the onnxruntime-node peer reads the same files.</summary>
internal static class OnnxScoringBench
{
    private const int SingleRows = 3000;
    private const int BatchRows = 1024;
    private const int Batches = 30;

    public static void Run(string name, Sequential network, TensorShape exampleShape, int threads)
    {
        var (images, _, count) = FashionMnist.Load(FashionMnist.Directory(), "t10k");
        network.Build(exampleShape, seed: 1);
        Directory.CreateDirectory(Path.Combine("artifacts", "bench"));
        string modelPath = Path.Combine("artifacts", "bench", $"fashion-{name}.onnx");
        using (FileStream file = File.Create(modelPath))
        {
            network.ConvertToOnnx(file);
        }

        File.WriteAllBytes(Path.Combine("artifacts", "bench", "fashion-t10k.f32"), MemoryMarshal.AsBytes(images.AsSpan()).ToArray());
        int size = exampleShape.Size;
        using var scorer = new OnnxScorer(modelPath, new OnnxScorerOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 });
        var output = new float[BatchRows * 10];
        Console.WriteLine($"{name} batch1-managed {Rate(SingleRows, i => network.Predict(images.AsSpan(i % count * size, size), 1)):F0}");
        Console.WriteLine($"{name} batch1-binding {Rate(SingleRows, i => scorer.Score(images.AsSpan(i % count * size, size), 1, output.AsSpan(0, 10))):F0}");
        Console.WriteLine($"{name} batch1024-managed {Rate(Batches, i => network.Predict(images.AsSpan(i % (count / BatchRows) * BatchRows * size, BatchRows * size), BatchRows)) * BatchRows:F0}");
        Console.WriteLine($"{name} batch1024-binding {Rate(Batches, i => scorer.Score(images.AsSpan(i % (count / BatchRows) * BatchRows * size, BatchRows * size), BatchRows, output)) * BatchRows:F0}");
    }

    // Calls per second over `calls` calls, after a tenth as many to warm up.
    private static double Rate(int calls, Action<int> call)
    {
        for (int i = 0; i < Math.Max(1, calls / 10); i++)
        {
            call(i);
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call(i);
        }

        return calls / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
