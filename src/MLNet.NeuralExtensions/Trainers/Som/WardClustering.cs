namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Ward's agglomerative clustering of weighted points (a map's nodes, weighted by the training weight of their hits): starting
/// from one cluster per point of positive weight, repeatedly merges the two clusters whose union least increases the
/// weighted within-cluster sum of squares (Lance–Williams update), until the wanted number remain; a point of weight 0
/// then joins the cluster of its nearest weighted point. O(points³).</summary>
internal static class WardClustering
{
    /// <summary>The cluster, 0 to <paramref name="clusters"/> − 1, of each of the points (rows × <paramref name="width"/>),
    /// numbered in the order of each cluster's first point. When fewer than <paramref name="clusters"/> points have a
    /// positive weight, every point counts as weight 1.</summary>
    public static int[] Cluster(float[] points, int width, IReadOnlyList<double> weights, int clusters)
    {
        int n = points.Length / width;
        double[] size = EffectiveWeights(weights, clusters);
        var alive = size.Select(s => s > 0).ToArray();
        var distance = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double d = SquaredDistance(points, width, i, j);
                distance[i, j] = distance[j, i] = alive[i] && alive[j] ? 2 * size[i] * size[j] / (size[i] + size[j]) * d : double.PositiveInfinity;
            }
        }

        int[] owner = [.. Enumerable.Range(0, n)];
        for (int remaining = alive.Count(a => a); remaining > clusters; remaining--)
        {
            int a = -1, b = -1;
            double best = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; alive[i] && j < n; j++)
                {
                    if (alive[j] && distance[i, j] < best)
                    {
                        (best, a, b) = (distance[i, j], i, j);
                    }
                }
            }

            // Merge b into a.
            for (int k = 0; k < n; k++)
            {
                if (alive[k] && k != a && k != b)
                {
                    double merged = (((size[a] + size[k]) * distance[a, k]) + ((size[b] + size[k]) * distance[b, k]) - (size[k] * best)) / (size[a] + size[b] + size[k]);
                    distance[a, k] = distance[k, a] = merged;
                }
            }

            size[a] += size[b];
            alive[b] = false;
            for (int p = 0; p < n; p++)
            {
                if (owner[p] == b)
                {
                    owner[p] = a;
                }
            }
        }

        return Finish(points, width, size, owner);
    }

    /// <summary>The weights the merge uses: <paramref name="weights"/>, or 1 for every point when fewer than
    /// <paramref name="clusters"/> of them are positive.</summary>
    public static double[] EffectiveWeights(IReadOnlyList<double> weights, int clusters)
    {
        bool weighted = weights.Count(w => w > 0) >= clusters;
        return [.. weights.Select(w => weighted ? w : 1)];
    }

    /// <summary>Puts each point of weight 0 into the cluster of its nearest point of positive weight, and numbers the
    /// clusters 0, 1, … in the order of each cluster's first point.</summary>
    public static int[] Finish(float[] points, int width, IReadOnlyList<double> weights, int[] owner)
    {
        int n = owner.Length;
        int[] finished = (int[])owner.Clone();
        for (int p = 0; p < n; p++)
        {
            if (weights[p] == 0)
            {
                int nearest = Enumerable.Range(0, n).Where(q => weights[q] > 0).MinBy(q => SquaredDistance(points, width, p, q));
                finished[p] = owner[nearest];
            }
        }

        var number = new Dictionary<int, int>();
        return [.. finished.Select(o => number.TryGetValue(o, out int c) ? c : number[o] = number.Count)];
    }

    /// <summary>The squared Euclidean distance between points <paramref name="i"/> and <paramref name="j"/>.</summary>
    public static double SquaredDistance(float[] points, int width, int i, int j)
    {
        double d = 0;
        for (int k = 0; k < width; k++)
        {
            double diff = points[(i * width) + k] - points[(j * width) + k];
            d += diff * diff;
        }

        return d;
    }
}
