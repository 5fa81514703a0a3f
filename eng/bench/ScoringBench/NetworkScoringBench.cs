using System.Globalization;
using Microsoft.ML;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

namespace ScoringBench;

/// <summary>
/// The raw cost of scoring through <see cref="NetworkScoring"/>, per backend and network: microseconds per example
/// through a row scorer (one example per call, as ML.NET's value mappers score), and rows per second in batches of
/// 1,024 into the caller's memory. Prints "networks &lt;net&gt; &lt;backend&gt; row-us &lt;µs&gt; row-bytes &lt;B&gt;
/// batch-rows/s &lt;rate&gt;" lines.
/// </summary>
internal static class NetworkScoringBench
{
    private const int BatchRows = 1024;

    public static void Run(string[] networks)
    {
        var env = new MLContext(seed: 1);
        foreach (string name in networks)
        {
            Sequential network = BenchNetworks.Create(name);
            int inputSize = network.InputShape.Size, outputSize = network.OutputShape.Size;
            int rows = name == "mlp" ? 100_000 : name == "mlp-784" ? 10_240 : 2_048;
            float[] features = Features(rows * inputSize, seed: 7);
            foreach (ScoringBackend backend in new[] { ScoringBackend.Managed, ScoringBackend.OnnxRuntime })
            {
                using var scoring = new NetworkScoring(network, new ScoringSettings(backend, null, null), env, withSequenceLengths: false);
                IRowScorer scorer = scoring.CreateRowScorer();
                var output = new float[outputSize];
                var (rowSeconds, rowBytes) = Timing.PerCall(rows, i => scorer.Score(features.AsSpan(i * inputSize, inputSize), output));

                var outputs = new float[BatchRows * outputSize];
                int batches = rows / BatchRows;
                var (batchSeconds, _) = Timing.PerCall(Math.Max(batches, 3), i => scoring.Score(features.AsSpan(i % batches * BatchRows * inputSize, BatchRows * inputSize), BatchRows, outputs));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"networks {name} {scoring.ExecutionProvider} row-us {rowSeconds * 1e6:F3} row-bytes {rowBytes:F1} batch-rows/s {BatchRows / batchSeconds:F0}"));
            }
        }
    }

    /// <summary>Uniform values in [0, 1) from <paramref name="seed"/>.</summary>
    public static float[] Features(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.NextSingle();
        }

        return values;
    }
}
