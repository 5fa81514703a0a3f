namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// What a sampler decided: the source rows to output, in order (a row may repeat), followed by synthetic rows, each
/// a copy of a seed row whose features are replaced by new values.
/// </summary>
internal sealed class ResamplingPlan
{
    public ResamplingPlan(int width) => Width = width;

    public int Width { get; }

    public List<int> Rows { get; } = [];

    public List<int> Seeds { get; } = [];

    public List<double> SyntheticFeatures { get; } = [];

    /// <summary>Every source row, in order.</summary>
    public static ResamplingPlan KeepAll(int rowCount, int width)
    {
        var plan = new ResamplingPlan(width);
        plan.Rows.AddRange(Enumerable.Range(0, rowCount));
        return plan;
    }

    /// <summary>Adds a synthetic row grown from <paramref name="seed"/>.</summary>
    public void AddSynthetic(int seed, ReadOnlySpan<double> features)
    {
        Seeds.Add(seed);
        SyntheticFeatures.AddRange(features);
    }
}
