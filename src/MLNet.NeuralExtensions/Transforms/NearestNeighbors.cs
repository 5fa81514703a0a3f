using System.Runtime.Intrinsics;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Brute-force nearest-neighbour selection shared by the imputers and samplers: candidates at NaN distance
/// rank after every finite one, and among equal distances the earlier candidate wins.</summary>
internal static class NearestNeighbors
{
    private const int QueryBlock = 16;

    /// <summary>Writes into <paramref name="result"/> the positions in <paramref name="distances"/> with the smallest
    /// values, closest first, leaving out position <paramref name="skip"/> (−1 for none), and returns how many were
    /// written (fewer than its length when there are fewer positions).</summary>
    public static int Smallest(ReadOnlySpan<double> distances, int skip, Span<int> result)
    {
        Span<double> ranks = result.Length <= 256 ? stackalloc double[result.Length] : new double[result.Length];
        int found = 0, i = 0;
        int lanes = Vector512<double>.Count;
        for (; i <= distances.Length - lanes; i += lanes)
        {
            // Once the selection is full, a block with nothing nearer than its farthest member is passed over whole
            // (NaN compares false, as +∞ does).
            if (found == result.Length && !Vector512.LessThanAny(Vector512.Create(distances.Slice(i, lanes)), Vector512.Create(found == 0 ? double.NegativeInfinity : ranks[found - 1])))
            {
                continue;
            }

            for (int j = i; j < i + lanes; j++)
            {
                if (j != skip)
                {
                    Offer(j, distances[j], result, ranks, ref found);
                }
            }
        }

        for (; i < distances.Length; i++)
        {
            if (i != skip)
            {
                Offer(i, distances[i], result, ranks, ref found);
            }
        }

        return found;
    }

    /// <summary>As <see cref="Smallest(ReadOnlySpan{double}, int, Span{int})"/>, among the positions <paramref name="among"/> only.</summary>
    public static int Smallest(ReadOnlySpan<double> distances, ReadOnlySpan<int> among, Span<int> result)
    {
        Span<double> ranks = result.Length <= 256 ? stackalloc double[result.Length] : new double[result.Length];
        int found = 0;
        foreach (int i in among)
        {
            Offer(i, distances[i], result, ranks, ref found);
        }

        return found;
    }

    /// <summary>The <paramref name="k"/> nearest rows to each query row among <paramref name="candidates"/> (the query
    /// itself excluded), by nan-euclidean distance over row-major <paramref name="x"/> unless <paramref name="distance"/>
    /// (of two row indices) is given; computed in parallel over blocks of queries.</summary>
    public static int[][] Find(double[] x, int width, int[] queries, int[] candidates, int k, Func<int, int, double>? distance = null)
    {
        NanEuclideanDistances? euclidean = distance is null ? new NanEuclideanDistances(x, width, candidates) : null;
        int[] position = new int[x.Length / Math.Max(1, width)];
        Array.Fill(position, -1);
        for (int i = 0; i < candidates.Length; i++)
        {
            position[candidates[i]] = i;
        }

        int[][] result = new int[queries.Length][];
        int blocks = (queries.Length + QueryBlock - 1) / QueryBlock;
        Parallel.For(0, blocks, () => (new double[QueryBlock * width], new double[QueryBlock * candidates.Length]), (block, _, scratch) =>
        {
            var (rows, distances) = scratch;
            int first = block * QueryBlock, count = Math.Min(QueryBlock, queries.Length - first);
            for (int q = 0; q < count; q++)
            {
                int query = queries[first + q];
                if (euclidean is null)
                {
                    for (int c = 0; c < candidates.Length; c++)
                    {
                        distances[(q * candidates.Length) + c] = distance!(query, candidates[c]);
                    }
                }
                else
                {
                    x.AsSpan(query * width, width).CopyTo(rows.AsSpan(q * width));
                }
            }

            euclidean?.Compute(rows.AsSpan(0, count * width), distances);
            for (int q = 0; q < count; q++)
            {
                int query = queries[first + q];
                int[] nearest = new int[Math.Min(k, candidates.Length)];
                int found = Smallest(distances.AsSpan(q * candidates.Length, candidates.Length), position[query], nearest);
                for (int i = 0; i < found; i++)
                {
                    nearest[i] = candidates[nearest[i]];
                }

                result[first + q] = found == nearest.Length ? nearest : nearest[..found];
            }

            return scratch;
        }, _ => { });
        return result;
    }

    /// <summary>Inserts position <paramref name="i"/> at distance <paramref name="d"/> into the sorted selection when it
    /// is nearer than the farthest kept one (or the selection is not full).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Offer(int i, double d, Span<int> result, Span<double> ranks, ref int found)
    {
        d = double.IsNaN(d) ? double.PositiveInfinity : d;
        if (found == result.Length && (found == 0 || d >= ranks[found - 1]))
        {
            return;
        }

        int at = Math.Min(found, result.Length - 1);
        while (at > 0 && ranks[at - 1] > d)
        {
            result[at] = result[at - 1];
            ranks[at] = ranks[at - 1];
            at--;
        }

        result[at] = i;
        ranks[at] = d;
        found = Math.Min(found + 1, result.Length);
    }
}
