namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Random over-sampling: each chosen class gains copies of its own rows drawn at random with replacement.</summary>
internal sealed class RandomOverResampler : Resampler
{
    public override bool NeedsFeatures => false;

    public override string Name => "Random over-sampling";

    private protected override Kind AlgorithmKind => Kind.RandomOver;

    public override ResamplingPlan Plan(LabelClasses labels, double[]? features, int width, SamplingStrategy strategy, Random random)
    {
        int[] add = strategy.RowsToAdd(labels);
        int[][] byClass = RowsByClass(labels);
        var plan = ResamplingPlan.KeepAll(labels.ClassOfRow.Length, width);
        for (int c = 0; c < add.Length; c++)
        {
            for (int i = 0; i < add[c]; i++)
            {
                plan.Rows.Add(byClass[c][random.Next(byClass[c].Length)]);
            }
        }

        return plan;
    }
}
