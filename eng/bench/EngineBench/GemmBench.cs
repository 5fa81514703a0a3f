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
