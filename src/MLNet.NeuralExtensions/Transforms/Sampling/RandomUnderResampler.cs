namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Random under-sampling: each class the strategy shrinks keeps a random subset of its rows, or, with
/// replacement, as many rows drawn at random with replacement (imbalanced-learn's RandomUnderSampler). The kept rows
/// stay in data order.</summary>
internal sealed class RandomUnderResampler(bool replacement) : Resampler
{
    /// <inheritdoc/>
    public override bool NeedsFeatures => false;

    /// <inheritdoc/>
    public override string Name => "Random under-sampling";

    private protected override Kind AlgorithmKind => Kind.RandomUnder;

    /// <inheritdoc/>
    public override ResamplingPlan Plan(LabelClasses labels, double[] x, int width, SamplingStrategy strategy, Random random)
    {
        int[] keep = strategy.RowsToKeep(labels);
        int[][] byClass = RowsByClass(labels);
        var plan = new ResamplingPlan.Builder(labels.ClassOfRow.Length, 0, copies: 0);
        for (int c = 0; c < keep.Length; c++)
        {
            int[] rows = byClass[c];
            IEnumerable<int> kept = keep[c] < 0 ? rows
                : replacement ? Enumerable.Range(0, keep[c]).Select(_ => rows[random.Next(rows.Length)])
                : Shuffled(rows, random).Take(keep[c]);
            foreach (int r in kept)
            {
                plan.AddCopy(r);
            }
        }

        return plan.Build();
    }

    private protected override void WriteParameters(BinaryWriter writer) => writer.Write(replacement);

    private static int[] Shuffled(int[] rows, Random random)
    {
        int[] shuffled = (int[])rows.Clone();
        random.Shuffle(shuffled);
        return shuffled;
    }
}
