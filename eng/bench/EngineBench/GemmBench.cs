using System.Diagnostics;
using MLNet.NeuralExtensions.Engine.Kernels;

namespace EngineBench;

/// <summary>Times square single-precision matrix products and prints GFLOP/s per size.</summary>
internal static class GemmBench
{
    public static void Run(int threads)
    {
        foreach (int n in new[] { 256, 512, 1024, 2048 })
        {
            var random = new Random(1);
            float[] a = Enumerable.Range(0, n * n).Select(_ => (float)random.NextDouble()).ToArray();
            float[] b = Enumerable.Range(0, n * n).Select(_ => (float)random.NextDouble()).ToArray();
            float[] c = new float[n * n];
            double flops = 2.0 * n * n * n;
            int repeats = Math.Max(3, (int)(2e10 / flops));
            Gemm.Multiply(false, false, n, n, n, a, b, c, accumulate: false, threads);
            double best = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                long start = Stopwatch.GetTimestamp();
                Gemm.Multiply(false, false, n, n, n, a, b, c, accumulate: false, threads);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            Console.WriteLine($"gemm {n} {flops / best / 1e9:F1}");
        }
    }
}

/// <summary>Times the GEMM shapes of one MLP training step (784-256-128-10, batch 128).</summary>
internal static class GemmShapesBench
{
    public static void Run(int threads)
    {
        (bool, bool, int, int, int)[] shapes =
        [
            (false, false, 128, 256, 784), (false, false, 128, 128, 256), (false, false, 128, 10, 128),
            (true, false, 784, 256, 128), (true, false, 256, 128, 128), (true, false, 128, 10, 128),
            (false, true, 128, 256, 10), (false, true, 128, 128, 256),

            // The CNN benchmark's convolutions at batch 128: forward, kernel gradient, column gradient.
            (false, false, 32, 100352, 9), (false, true, 32, 9, 100352),
            (false, false, 64, 25088, 288), (false, true, 64, 288, 25088), (true, false, 288, 25088, 64),
            (false, false, 25088, 64, 288), (true, false, 288, 64, 25088), (false, true, 25088, 288, 64),
            (false, false, 64, 196, 288), (false, true, 64, 288, 196), (true, false, 288, 196, 64),
            (false, false, 32, 784, 9), (false, true, 32, 9, 784), (false, true, 288, 64, 196), (false, true, 9, 32, 784),
        ];
        foreach (var (ta, tb, m, n, k) in shapes)
        {
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            int repeats = (int)Math.Clamp(2e10 / (2.0 * m * n * k), 5, 2000);
            for (int i = 0; i < repeats / 10; i++)
            {
                MLNet.NeuralExtensions.Engine.Kernels.Gemm.Multiply(ta, tb, m, n, k, a, b, c, false, threads);
            }

            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int i = 0; i < repeats; i++)
            {
                MLNet.NeuralExtensions.Engine.Kernels.Gemm.Multiply(ta, tb, m, n, k, a, b, c, false, threads);
            }

            double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds / repeats;
            Console.WriteLine($"shape ta={ta} tb={tb} {m}x{n}x{k}: {seconds * 1e6:F1} us, {2.0 * m * n * k / seconds / 1e9:F1} GFLOP/s");
        }
    }
}
