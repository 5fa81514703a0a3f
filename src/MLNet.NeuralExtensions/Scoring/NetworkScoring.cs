using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Scoring;

/// <summary>Scores one trained network, per row or in batches. Thread-safe; hands out one row scorer per caller.</summary>
internal sealed class NetworkScoring : IDisposable
{
    private readonly Sequential _network;
    private readonly bool _withSequenceLengths;
    private readonly Lock _gate = new();

    public NetworkScoring(Sequential network, ScoringSettings settings, IHostEnvironment env, bool withSequenceLengths)
    {
        _ = settings;
        _ = env;
        _network = network;
        _withSequenceLengths = withSequenceLengths;
    }

    public ScoringBackend ActiveBackend { get; } = ScoringBackend.Managed;

    public string ExecutionProvider { get; } = "managed";

    public IRowScorer CreateRowScorer() => new ManagedRowScorer(_network.Clone(), _withSequenceLengths);

    public void Score(ReadOnlySpan<float> features, int rows, Span<float> outputs)
    {
        lock (_gate)
        {
            _network.Predict(features, rows).CopyTo(outputs);
        }
    }

    public void Score(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths, Span<float> outputs)
    {
        lock (_gate)
        {
            _network.Predict(features, rows, sequenceLengths).CopyTo(outputs);
        }
    }

    public void Dispose()
    {
    }

    private sealed class ManagedRowScorer(Sequential network, bool withSequenceLengths) : IRowScorer
    {
        private readonly int[] _length = new int[1];

        public void Score(ReadOnlySpan<float> features, Span<float> outputs)
        {
            if (withSequenceLengths)
            {
                Score(features, network.InputShape[0], outputs);
                return;
            }

            network.Predict(features, 1).CopyTo(outputs);
        }

        public void Score(ReadOnlySpan<float> padded, int sequenceLength, Span<float> outputs)
        {
            _length[0] = sequenceLength;
            network.Predict(padded, 1, _length).CopyTo(outputs);
        }
    }
}
