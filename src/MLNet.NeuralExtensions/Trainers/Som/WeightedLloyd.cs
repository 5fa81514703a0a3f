namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Lloyd's k-means passes over weighted points (a map's nodes, weighted as in <see cref="WardClustering"/>),
/// starting from a partition (Ward's): each point of positive weight moves to the cluster whose weighted centroid is
/// nearest, except a cluster's last point, until no point moves or <see cref="MaximumPasses"/> passes; then the points of
/// weight 0 follow their nearest weighted point. Each pass lowers the weighted within-cluster sum of squares, which Ward's
/// greedy merges leave above its local minimum.</summary>
internal static class WeightedLloyd
{
    /// <summary>The most passes over the points.</summary>
    public const int MaximumPasses = 100;

    /// <summary>The refined cluster, 0 to k − 1, of each of the points (rows × <paramref name="width"/>), numbered as
    /// <see cref="WardClustering.Finish"/> numbers them.</summary>
    public static int[] Refine(float[] points, int width, IReadOnlyList<double> weights, int[] partition)
    {
        int n = partition.Length, clusters = partition.Max() + 1;
        double[] size = WardClustering.EffectiveWeights(weights, clusters);
        int[] owner = (int[])partition.Clone();
        var members = new int[clusters];
        foreach (int p in Enumerable.Range(0, n).Where(p => size[p] > 0))
        {
            members[owner[p]]++;
        }

        var centroids = new double[clusters * width];
        var mass = new double[clusters];
        for (int pass = 0; pass < MaximumPasses; pass++)
        {
            Array.Clear(centroids);
            Array.Clear(mass);
            for (int p = 0; p < n; p++)
            {
                mass[owner[p]] += size[p];
                for (int f = 0; f < width; f++)
                {
                    centroids[(owner[p] * width) + f] += size[p] * points[(p * width) + f];
                }
            }

            bool moved = false;
            for (int p = 0; p < n; p++)
            {
                int best = Nearest(points.AsSpan(p * width, width), centroids, mass, owner[p]);
                if (size[p] > 0 && best != owner[p] && members[owner[p]] > 1)
                {
                    members[owner[p]]--;
                    members[best]++;
                    owner[p] = best;
                    moved = true;
                }
            }

            if (!moved)
            {
                break;
            }
        }

        return WardClustering.Finish(points, width, size, owner);
    }

    // The cluster whose centroid (weighted sum / mass) is nearest to the point; the current one wins ties.
    private static int Nearest(ReadOnlySpan<float> point, double[] centroids, double[] mass, int current)
    {
        int best = current;
        double bestDistance = Squared(point, centroids, mass, current);
        for (int c = 0; c < mass.Length; c++)
        {
            double d = Squared(point, centroids, mass, c);
            if (d < bestDistance)
            {
                (best, bestDistance) = (c, d);
            }
        }

        return best;
    }

    private static double Squared(ReadOnlySpan<float> point, double[] centroids, double[] mass, int cluster)
    {
        double d = 0;
        for (int f = 0; f < point.Length; f++)
        {
            double diff = point[f] - (centroids[(cluster * point.Length) + f] / mass[cluster]);
            d += diff * diff;
        }

        return d;
    }
}
