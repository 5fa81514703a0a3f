namespace MLNet.NeuralExtensions.Scoring;

/// <summary>The checks every row scorer makes before its backend scores the example.</summary>
internal abstract class RowScorer(ScoringShape shape) : IRowScorer
{
    /// <summary>The sizes the scorer takes and gives.</summary>
    private protected ScoringShape Shape { get; } = shape;

    public void Score(ReadOnlySpan<float> features, Span<float> outputs)
    {
        Shape.Check(features, 1, outputs);
        ScoreCore(features, Shape.Steps, outputs);
    }

    public void Score(ReadOnlySpan<float> padded, int sequenceLength, Span<float> outputs)
    {
        Shape.CheckLength(sequenceLength, 0);
        Shape.Check(padded, 1, outputs);
        ScoreCore(padded, sequenceLength, outputs);
    }

    /// <summary>Scores one checked example; <paramref name="sequenceLength"/> is its valid steps, 0 without sequence
    /// lengths.</summary>
    private protected abstract void ScoreCore(ReadOnlySpan<float> features, int sequenceLength, Span<float> outputs);
}
