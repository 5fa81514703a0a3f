namespace MLNet.NeuralExtensions.Scoring;

/// <summary>Scores one example at a time, as ML.NET's value mappers ask for them. A scorer belongs to one thread; after
/// its first call it allocates nothing on the CPU.</summary>
internal interface IRowScorer
{
    /// <summary>Scores one example (the network's input size) into <paramref name="outputs"/> (its output size). A
    /// scorer made for sequences with lengths takes the example as using all its steps.</summary>
    /// <exception cref="ArgumentException">A length is not the network's size.</exception>
    void Score(ReadOnlySpan<float> features, Span<float> outputs);

    /// <summary>Scores one sequence padded to the network's steps, of which the first
    /// <paramref name="sequenceLength"/> count.</summary>
    /// <exception cref="InvalidOperationException">The scorer was made without sequence lengths.</exception>
    /// <exception cref="ArgumentException">A length is not the network's size, or the sequence length is outside 1 to
    /// the network's steps.</exception>
    void Score(ReadOnlySpan<float> padded, int sequenceLength, Span<float> outputs);
}
