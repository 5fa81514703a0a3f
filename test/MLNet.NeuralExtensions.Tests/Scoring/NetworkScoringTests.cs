using Microsoft.ML;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Scoring;

[TestClass]
public sealed class NetworkScoringTests
{
    private const float Tolerance = 1e-4f;
    private const int Rows = 9;

    [TestMethod]
    [DynamicData(nameof(ScoringTestNetworks.Names), typeof(ScoringTestNetworks))]
    public void OnnxRuntimeAndTheManagedEngineAgreePerRowAndInBatches(string name)
    {
        var (network, withLengths) = ScoringTestNetworks.Create(name);
        float[] inputs = ScoringTestNetworks.Inputs(network, Rows, seed: 2);
        int[] lengths = ScoringTestNetworks.Lengths(network, Rows, seed: 3);
        float[] expected = withLengths ? network.Predict(inputs, Rows, lengths) : network.Predict(inputs, Rows);
        foreach (ScoringBackend backend in new[] { ScoringBackend.Managed, ScoringBackend.OnnxRuntime })
        {
            using var scoring = new NetworkScoring(network, new ScoringSettings(backend, null, null), new MLContext(1), withLengths);
            Assert.AreEqual(backend, scoring.ActiveBackend);
            var batch = new float[expected.Length];
            if (withLengths)
            {
                scoring.Score(inputs, Rows, lengths, batch);
            }
            else
            {
                scoring.Score(inputs, Rows, batch);
            }

            AssertClose(expected, batch, $"{name}, {backend}, one batch");
            AssertClose(expected, ScoreRowByRow(scoring, network, inputs, withLengths ? lengths : null), $"{name}, {backend}, row by row");
        }
    }

    [TestMethod]
    public void ARowScorerReadsEachCallsExampleAfresh()
    {
        // The ONNX Runtime scorer binds its buffers once: every call must still see the example it is given.
        var (network, _) = ScoringTestNetworks.Create("dense");
        float[] inputs = ScoringTestNetworks.Inputs(network, Rows, seed: 4);
        float[] expected = network.Predict(inputs, Rows);
        using var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, null, null), new MLContext(1), false);
        float[] actual = ScoreRowByRow(scoring, network, inputs, null);
        AssertClose(expected, actual, "row by row");
        int outputSize = network.OutputShape.Size;
        CollectionAssert.AreNotEqual(actual[..outputSize], actual[outputSize..(2 * outputSize)], "two different rows scored the same");
    }

    [TestMethod]
    public void PaddedSequencesScoredWithoutLengthsUseAllTheirSteps()
    {
        var (network, _) = ScoringTestNetworks.Create("recurrent-lengths");
        float[] inputs = ScoringTestNetworks.Inputs(network, Rows, seed: 5);
        float[] expected = network.Predict(inputs, Rows);
        foreach (ScoringBackend backend in new[] { ScoringBackend.Managed, ScoringBackend.OnnxRuntime })
        {
            using var scoring = new NetworkScoring(network, new ScoringSettings(backend, null, null), new MLContext(1), withSequenceLengths: true);
            var actual = new float[expected.Length];
            scoring.Score(inputs, Rows, actual);
            AssertClose(expected, actual, $"{backend}, batch");
            AssertClose(expected, ScoreRowByRow(scoring, network, inputs, null), $"{backend}, row by row");
        }
    }

    [TestMethod]
    public void ScoresASnapshotOfTheWeights()
    {
        var (network, _) = ScoringTestNetworks.Create("dense");
        float[] inputs = ScoringTestNetworks.Inputs(network, Rows, seed: 6);
        float[] expected = network.Predict(inputs, Rows);
        using var managed = new NetworkScoring(network, new ScoringSettings(ScoringBackend.Managed, null, null), new MLContext(1), false);
        network.Parameters[0].Value.Span.Fill(0.5f);
        var actual = new float[expected.Length];
        managed.Score(inputs, Rows, actual);
        AssertClose(expected, actual, "after the network's weights changed");
        AssertClose(expected, ScoreRowByRow(managed, network, inputs, null), "row scorer made after the change");
    }

    [TestMethod]
    [DataRow(ScoringBackend.Managed)]
    [DataRow(ScoringBackend.OnnxRuntime)]
    public void BatchesScoredFromSeveralThreadsAtOnceMatchOneThread(ScoringBackend backend)
    {
        var (network, _) = ScoringTestNetworks.Create("conv2d");
        const int rows = 64;
        float[] inputs = ScoringTestNetworks.Inputs(network, rows, seed: 7);
        float[] expected = network.Predict(inputs, rows);
        using var scoring = new NetworkScoring(network, new ScoringSettings(backend, null, null), new MLContext(1), false);
        var results = new float[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            results[t] = new float[expected.Length];
            for (int repeat = 0; repeat < 5; repeat++)
            {
                scoring.Score(inputs, rows, results[t]);
            }
        });
        foreach (float[] result in results)
        {
            AssertClose(expected, result, $"{backend}, concurrent batch");
        }
    }

    [TestMethod]
    [DynamicData(nameof(ScoringTestNetworks.Names), typeof(ScoringTestNetworks))]
    public void RowScorersAllocateNothingOnceWarm(string name)
    {
        var (network, withLengths) = ScoringTestNetworks.Create(name);
        float[] inputs = ScoringTestNetworks.Inputs(network, Rows, seed: 8);
        int inputSize = network.InputShape.Size;
        var output = new float[network.OutputShape.Size];
        foreach (ScoringBackend backend in new[] { ScoringBackend.Managed, ScoringBackend.OnnxRuntime })
        {
            using var scoring = new NetworkScoring(network, new ScoringSettings(backend, null, null), new MLContext(1), withLengths);
            IRowScorer scorer = scoring.CreateRowScorer();
            void Call(int i)
            {
                ReadOnlySpan<float> example = inputs.AsSpan(i % Rows * inputSize, inputSize);
                if (withLengths)
                {
                    scorer.Score(example, 1 + (i % network.InputShape[0]), output);
                }
                else
                {
                    scorer.Score(example, output);
                }
            }

            for (int i = 0; i < 50; i++)
            {
                Call(i);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                Call(i);
            }

            Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before, $"bytes allocated by 200 {name} rows through {backend}");
        }
    }

    [TestMethod]
    public void BadBuffersAndLengthsAreNamed()
    {
        var (network, _) = ScoringTestNetworks.Create("recurrent-lengths");
        using var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.Managed, null, null), new MLContext(1), withSequenceLengths: true);
        IRowScorer scorer = scoring.CreateRowScorer();
        var output = new float[3];
        var ex = Assert.ThrowsExactly<ArgumentException>(() => scorer.Score(new float[20], output));
        StringAssert.Contains(ex.Message, "[7×3] need 21 values; got 20");
        ex = Assert.ThrowsExactly<ArgumentException>(() => scorer.Score(new float[21], new float[2]));
        StringAssert.Contains(ex.Message, "[3] need 3 values; the destination has 2");
        ex = Assert.ThrowsExactly<ArgumentException>(() => scorer.Score(new float[21], 8, output));
        StringAssert.Contains(ex.Message, "sequence length of 8; the network takes 1 to 7 steps");
        ex = Assert.ThrowsExactly<ArgumentException>(() => scoring.Score(new float[42], 2, [3, 0], new float[6]));
        StringAssert.Contains(ex.Message, "Example 1 has a sequence length of 0");
        ex = Assert.ThrowsExactly<ArgumentException>(() => scoring.Score(new float[42], 2, [3], new float[6]));
        StringAssert.Contains(ex.Message, "2 examples need 2 sequence lengths; got 1");

        var (dense, _) = ScoringTestNetworks.Create("dense");
        using var withoutLengths = new NetworkScoring(dense, new ScoringSettings(ScoringBackend.Managed, null, null), new MLContext(1), false);
        var invalid = Assert.ThrowsExactly<InvalidOperationException>(() => withoutLengths.CreateRowScorer().Score(new float[12], 3, new float[3]));
        StringAssert.Contains(invalid.Message, "without sequence lengths");
        invalid = Assert.ThrowsExactly<InvalidOperationException>(() => new NetworkScoring(dense, default, new MLContext(1), withSequenceLengths: true));
        StringAssert.Contains(invalid.Message, "cannot take sequence lengths");
    }

    [TestMethod]
    public void ScoringAfterDisposeThrows()
    {
        var (network, _) = ScoringTestNetworks.Create("dense");
        var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, null, null), new MLContext(1), false);
        scoring.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => scoring.Score(new float[12], 1, new float[3]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => scoring.CreateRowScorer());
    }

    /// <summary>Scores every example through one row scorer, with its length when <paramref name="lengths"/> is given.</summary>
    internal static float[] ScoreRowByRow(NetworkScoring scoring, Sequential network, float[] inputs, int[]? lengths)
    {
        int inputSize = network.InputShape.Size, outputSize = network.OutputShape.Size, rows = inputs.Length / inputSize;
        IRowScorer scorer = scoring.CreateRowScorer();
        var outputs = new float[rows * outputSize];
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> example = inputs.AsSpan(row * inputSize, inputSize);
            Span<float> output = outputs.AsSpan(row * outputSize, outputSize);
            if (lengths is null)
            {
                scorer.Score(example, output);
            }
            else
            {
                scorer.Score(example, lengths[row], output);
            }
        }

        return outputs;
    }

    internal static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], Tolerance, $"{what}: value {i}");
        }
    }
}
