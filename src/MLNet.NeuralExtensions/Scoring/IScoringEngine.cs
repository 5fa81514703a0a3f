namespace MLNet.NeuralExtensions.Scoring;

/// <summary>A backend that scores one network: the managed engine or an ONNX Runtime session. Its callers have checked
/// every buffer against the network's <see cref="ScoringShape"/>.</summary>
internal interface IScoringEngine : IDisposable
{
    /// <summary>Where the network runs: "managed", "CPUExecutionProvider" or "CUDAExecutionProvider".</summary>
    string ExecutionProvider { get; }

    /// <summary>A scorer of single examples for one thread.</summary>
    IRowScorer CreateRowScorer();

    /// <summary>Scores <paramref name="rows"/> (at least 1) checked examples; <paramref name="sequenceLengths"/> holds
    /// one length per example when the network is scored with sequence lengths, and is empty otherwise. May be called
    /// from several threads at once.</summary>
    void Score(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths, Span<float> outputs);
}
