namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Brute-force nearest-neighbour selection shared by the imputers and samplers: candidates at NaN distance
/// rank after every finite one, and among equal distances the earlier candidate wins.</summary>
internal static class NearestNeighbors
{
    /// <summary>Writes into <paramref name="result"/> the candidates with the smallest <paramref name="distance"/>, closest
    /// first, and returns how many were written (fewer than its length when there are fewer candidates).</summary>
    public static int Smallest(int candidateCount, Func<int, int> candidate, Func<int, double> distance, Span<int> result)
    {
        Span<double> ranks = result.Length <= 256 ? stackalloc double[result.Length] : new double[result.Length];
        int found = 0;
        for (int i = 0; i < candidateCount; i++)
        {
            int c = candidate(i);
            if (c < 0)
            {
                continue;
            }

            double d = distance(c);
            d = double.IsNaN(d) ? double.PositiveInfinity : d;
            if (found == result.Length && (found == 0 || d >= ranks[found - 1]))
            {
                continue;
            }

            int at = Math.Min(found, result.Length - 1);
            while (at > 0 && ranks[at - 1] > d)
            {
                result[at] = result[at - 1];
                ranks[at] = ranks[at - 1];
                at--;
            }

            result[at] = c;
            ranks[at] = d;
            found = Math.Min(found + 1, result.Length);
        }

        return found;
    }

    /// <summary>The <paramref name="k"/> nearest rows to each query row among <paramref name="candidates"/> (the query
    /// itself excluded), by nan-euclidean distance over row-major <paramref name="x"/> unless <paramref name="distance"/>
    /// (of two row indices) is given; computed in parallel.</summary>
    public static int[][] Find(double[] x, int width, int[] queries, int[] candidates, int k, Func<int, int, double>? distance = null)
    {
        distance ??= (a, b) => NanEuclidean.Distance(x.AsSpan(a * width, width), x.AsSpan(b * width, width));
        int[][] result = new int[queries.Length][];
        Parallel.For(0, queries.Length, q =>
        {
            int query = queries[q];
            int[] nearest = new int[Math.Min(k, candidates.Length)];
            int found = Smallest(candidates.Length, i => candidates[i] == query ? -1 : candidates[i],
                c => distance(query, c), nearest);
            result[q] = found == nearest.Length ? nearest : nearest[..found];
        });
        return result;
    }
}
