namespace MLNet.NeuralExtensions.Scoring;

/// <summary>Scores one example at a time for one ML.NET value mapper; used on one thread, allocation-free per call.</summary>
internal interface IRowScorer
{
    /// <summary>Writes the network's outputs for one example of the input shape.</summary>
    void Score(ReadOnlySpan<float> features, Span<float> outputs);

    /// <summary>Writes the network's outputs for one sequence padded to the input's steps, of which the first
    /// <paramref name="sequenceLength"/> count.</summary>
    void Score(ReadOnlySpan<float> padded, int sequenceLength, Span<float> outputs);
}
