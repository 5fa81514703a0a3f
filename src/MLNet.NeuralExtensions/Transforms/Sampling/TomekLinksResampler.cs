namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Tomek-link cleaning (imbalanced-learn's TomekLinks): two rows of different classes that are each other's nearest
/// neighbour form a link, and a linked row is removed when its class is one the strategy cleans (by default every
/// class but the minority), which clears the class border. Kept rows stay in data order.
/// </summary>
internal sealed class TomekLinksResampler : Resampler
{
    /// <inheritdoc/>
    public override string Name => "Tomek links";

    private protected override Kind AlgorithmKind => Kind.TomekLinks;

    /// <inheritdoc/>
    public override ResamplingPlan Plan(LabelClasses labels, double[] x, int width, SamplingStrategy strategy, Random random)
    {
        bool[] clean = strategy.ClassesToClean(labels);
        int[] y = labels.ClassOfRow;
        int[] all = [.. Enumerable.Range(0, y.Length)];
        int[] nearest = [.. NearestNeighbors.Find(x, width, all, all, 1).Select(n => n[0])];
        var plan = new ResamplingPlan.Builder(y.Length, 0, copies: 0);
        for (int r = 0; r < y.Length; r++)
        {
            int n = nearest[r];
            if (!(clean[y[r]] && y[n] != y[r] && nearest[n] == r))
            {
                plan.AddCopy(r);
            }
        }

        return plan.Build();
    }
}
