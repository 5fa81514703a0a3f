namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Random over-sampling: each class the strategy grows gains copies of its own rows drawn at random with
/// replacement (imbalanced-learn's RandomOverSampler).</summary>
internal sealed class RandomOverResampler : Resampler
{
    /// <inheritdoc/>
    public override bool NeedsFeatures => false;

    /// <inheritdoc/>
    public override string Name => "Random over-sampling";

    private protected override Kind AlgorithmKind => Kind.RandomOver;

    /// <inheritdoc/>
    public override ResamplingPlan Plan(LabelClasses labels, double[] x, int width, SamplingStrategy strategy, Random random)
    {
        int[] add = strategy.RowsToAdd(labels);
        int[][] byClass = RowsByClass(labels);
        var plan = new ResamplingPlan.Builder(labels.ClassOfRow.Length, 0, copies: 1);
        for (int c = 0; c < add.Length; c++)
        {
            for (int i = 0; i < add[c]; i++)
            {
                plan.AddCopy(byClass[c][random.Next(byClass[c].Length)]);
            }
        }

        return plan.Build();
    }
}
