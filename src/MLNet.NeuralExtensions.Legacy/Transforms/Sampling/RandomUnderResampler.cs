namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Random under-sampling: each chosen class keeps a random subset of its rows (with replacement if asked);
/// the kept rows stay in data order.</summary>
internal sealed class RandomUnderResampler(bool replacement) : Resampler
{
    public override bool NeedsFeatures => false;

    public override string Name => "Random under-sampling";

    private protected override Kind AlgorithmKind => Kind.RandomUnder;

    public override ResamplingPlan Plan(LabelClasses labels, double[]? features, int width, SamplingStrategy strategy, Random random)
    {
        int[] keep = strategy.RowsToKeep(labels);
        int[][] byClass = RowsByClass(labels);
        var kept = new List<int>();
        for (int c = 0; c < keep.Length; c++)
        {
            int[] rows = byClass[c];
            if (keep[c] == rows.Length)
            {
                kept.AddRange(rows);
            }
            else if (replacement)
            {
                kept.AddRange(Enumerable.Range(0, keep[c]).Select(_ => rows[random.Next(rows.Length)]));
            }
            else
            {
                int[] shuffled = (int[])rows.Clone();
                random.Shuffle(shuffled);
                kept.AddRange(shuffled.Take(keep[c]));
            }
        }

        kept.Sort();
        var plan = new ResamplingPlan(width);
        plan.Rows.AddRange(kept);
        return plan;
    }

    private protected override void WriteCore(BinaryWriter writer) => writer.Write(replacement);
}
