namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Tomek-link cleaning: two rows of different classes that are each other's nearest neighbour form a link, and the
/// link's row is removed from every class the strategy cleans (by default all but the minority), which clears the
/// class border. Kept rows stay in data order.
/// </summary>
internal sealed class TomekLinksResampler : Resampler
{
    public override string Name => "Tomek links";

    private protected override Kind AlgorithmKind => Kind.TomekLinks;

    public override ResamplingPlan Plan(LabelClasses labels, double[]? features, int width, SamplingStrategy strategy, Random random)
    {
        bool[] clean = strategy.ClassesToClean(labels);
        int[] y = labels.ClassOfRow;
        int[] all = [.. Enumerable.Range(0, y.Length)];
        int[] nearest = [.. NearestNeighbors.Find(features!, width, all, all, 1).Select(n => n.Length == 1 ? n[0] : -1)];
        var plan = new ResamplingPlan(width);
        for (int r = 0; r < y.Length; r++)
        {
            int n = nearest[r];
            bool linked = n >= 0 && y[n] != y[r] && nearest[n] == r;
            if (!(linked && clean[y[r]]))
            {
                plan.Rows.Add(r);
            }
        }

        return plan;
    }
}
