namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The coalitions Kernel SHAP evaluates for m features and their Shapley-kernel weights, chosen as the shap package's
/// KernelExplainer chooses them: whole subset sizes, smallest and largest first (each size with its complements), while
/// the budget covers a size entirely, then random coalitions of the remaining sizes drawn by their kernel weight, repeats
/// merged into one weighted coalition. With a budget of 2^m − 2 or more every coalition is enumerated and the estimate
/// is exact.
/// </summary>
internal static class ShapleyCoalitions
{
    /// <summary>Chooses at most <paramref name="budget"/> coalitions of <paramref name="features"/> (at least 2) features.</summary>
    /// <returns>The coalitions (true where a feature takes the explained row's value) and their weights, summing to 1.</returns>
    public static (List<bool[]> Masks, List<double> Weights) Choose(int features, int budget, Random random)
    {
        int m = features;
        var masks = new List<bool[]>();
        var weights = new List<double>();
        int sizes = (m - 1 + 1) / 2, paired = (m - 1) / 2;
        double[] sizeWeights = new double[sizes];
        for (int s = 1; s <= sizes; s++)
        {
            sizeWeights[s - 1] = (m - 1.0) / (s * (double)(m - s)) * (s <= paired ? 2 : 1);
        }

        double total = sizeWeights.Sum();
        for (int i = 0; i < sizes; i++)
        {
            sizeWeights[i] /= total;
        }

        double[] remainingWeights = (double[])sizeWeights.Clone();
        double weightLeft = 1;
        long left = budget;
        int filled = 0;
        for (int s = 1; s <= sizes; s++)
        {
            double count = Binomial(m, s) * (s <= paired ? 2 : 1);
            if (left * remainingWeights[s - 1] / count < 1 - 1e-8)
            {
                break;
            }

            filled = s;
            weightLeft -= sizeWeights[s - 1];
            if (remainingWeights[s - 1] < 1)
            {
                double scale = 1 - remainingWeights[s - 1];
                for (int i = 0; i < sizes; i++)
                {
                    remainingWeights[i] /= scale;
                }
            }

            double weight = sizeWeights[s - 1] / Binomial(m, s) / (s <= paired ? 2 : 1);
            foreach (bool[] mask in Subsets(m, s))
            {
                masks.Add(mask);
                weights.Add(weight);
                if (s <= paired)
                {
                    masks.Add([.. mask.Select(v => !v)]);
                    weights.Add(weight);
                }
            }

            left -= (long)count;
        }

        if (filled < sizes && left > 0)
        {
            Sample(m, filled, sizes, paired, sizeWeights, left, weightLeft, random, masks, weights);
        }

        return (masks, weights);
    }

    private static void Sample(int m, int filled, int sizes, int paired, double[] sizeWeights, long left, double weightLeft, Random random, List<bool[]> masks, List<double> weights)
    {
        double[] probabilities = sizeWeights[filled..];
        double sum = probabilities.Sum();
        var counts = new Dictionary<string, (bool[] Mask, int Count)>();
        long draws = 0, limit = left * 4;
        void Add(bool[] mask)
        {
            string key = new([.. mask.Select(v => v ? '1' : '0')]);
            if (counts.TryGetValue(key, out var entry))
            {
                counts[key] = (entry.Mask, entry.Count + 1);
            }
            else
            {
                counts[key] = (mask, 1);
                left--;
            }
        }

        while (left > 0 && draws++ < limit)
        {
            double u = random.NextDouble() * sum;
            int s = filled + 1;
            for (int i = 0; i < probabilities.Length && u > probabilities[i]; i++)
            {
                u -= probabilities[i];
                s = filled + i + 2;
            }

            s = Math.Min(s, sizes);
            bool[] mask = new bool[m];
            foreach (int index in Enumerable.Range(0, m).OrderBy(_ => random.Next()).Take(s))
            {
                mask[index] = true;
            }

            Add(mask);
            if (left > 0 && s <= paired)
            {
                Add([.. mask.Select(v => !v)]);
            }
        }

        double total = counts.Values.Sum(c => (double)c.Count);
        foreach (var (mask, count) in counts.Values)
        {
            masks.Add(mask);
            weights.Add(count * weightLeft / total);
        }
    }

    private static IEnumerable<bool[]> Subsets(int m, int size)
    {
        int[] chosen = [.. Enumerable.Range(0, size)];
        while (true)
        {
            bool[] mask = new bool[m];
            foreach (int i in chosen)
            {
                mask[i] = true;
            }

            yield return mask;
            int k = size - 1;
            while (k >= 0 && chosen[k] == m - size + k)
            {
                k--;
            }

            if (k < 0)
            {
                yield break;
            }

            chosen[k]++;
            for (int j = k + 1; j < size; j++)
            {
                chosen[j] = chosen[j - 1] + 1;
            }
        }
    }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
