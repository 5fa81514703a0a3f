using System.Collections.Concurrent;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Scoring;

/// <summary>
/// Scores with the managed engine. A network runs one pass at a time (its layers keep their buffers), so every row
/// scorer gets its own copy and batches borrow one from a pool; all are copies of a snapshot taken when this is made.
/// </summary>
internal sealed class ManagedScoring(Sequential network, ScoringShape shape) : IScoringEngine
{
    /// <summary>The name <see cref="ExecutionProvider"/> gives for the managed engine.</summary>
    public const string Provider = "managed";

    private readonly Sequential _snapshot = network.Clone();
    private readonly ConcurrentBag<Sequential> _idle = [];

    public string ExecutionProvider => Provider;

    public IRowScorer CreateRowScorer() => new ManagedRowScorer(_snapshot.Clone(), shape);

    public void Score(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths, Span<float> outputs)
    {
        Sequential copy = _idle.TryTake(out Sequential? idle) ? idle : _snapshot.Clone();
        try
        {
            Predict(copy, features, rows, sequenceLengths, outputs);
        }
        finally
        {
            _idle.Add(copy);
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Runs <paramref name="copy"/> on checked examples, with their lengths when there are any.</summary>
    internal static void Predict(Sequential copy, ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths, Span<float> outputs)
    {
        if (sequenceLengths.IsEmpty)
        {
            copy.Predict(features, rows, outputs);
        }
        else
        {
            copy.Predict(features, rows, sequenceLengths, outputs);
        }
    }

    private sealed class ManagedRowScorer(Sequential copy, ScoringShape shape) : RowScorer(shape)
    {
        private readonly int[] _length = new int[1];

        private protected override void ScoreCore(ReadOnlySpan<float> features, int sequenceLength, Span<float> outputs)
        {
            _length[0] = sequenceLength;
            Predict(copy, features, 1, sequenceLength == 0 ? [] : _length, outputs);
        }
    }
}
