using System.Numerics.Tensors;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Trains a bagging ensemble: each member on its own sample of rows and feature slots with its own seed, then
/// scikit-learn's out-of-bag score from the rows each member left out.</summary>
internal static class BaggingFitting
{
    public static EnsembleParts Fit(BaggingOptions options, EnsembleFitter fit)
    {
        EnsembleData data = fit.Data;
        var random = new Random(fit.Seed);
        int n = options.NumberOfMembers;
        int rowCount = Math.Max(1, (int)(options.RowSamplingFraction * data.Rows));
        int slotCount = Math.Max(1, (int)(options.FeatureSamplingFraction * data.Width));
        bool allSlots = slotCount == data.Width && !options.BootstrapFeatures;
        var members = new EnsembleMember[n];
        var inBag = new bool[n][];
        for (int m = 0; m < n; m++)
        {
            int[] rows = Sample(random, data.Rows, rowCount, options.Bootstrap);
            int[]? slots = allSlots ? null : Sample(random, data.Width, slotCount, options.BootstrapFeatures);
            var estimator = options.MemberEstimator(m, random.Next(), fit.Task, fit.Environment);
            var view = data.Sample(rows, slots);
            members[m] = fit.Member(fit.Fit(estimator, view, $"member {m} of {n}", fit.Task.ScoreSize(data.ClassCount)), view, rows, slots, EnsembleCombination.Average);
            inBag[m] = new bool[data.Rows];
            foreach (int r in rows)
            {
                inBag[m][r] = true;
            }
        }

        return new EnsembleParts(EnsembleCombination.Average, data.Width, members, [.. Enumerable.Repeat(1f / n, n)], OutOfBagScore: OutOfBagScore(fit, members, inBag));
    }

    /// <summary><paramref name="count"/> indices below <paramref name="total"/>: drawn with replacement, or distinct and ascending.</summary>
    private static int[] Sample(Random random, int total, int count, bool withReplacement)
    {
        if (withReplacement)
        {
            return [.. Enumerable.Range(0, count).Select(_ => random.Next(total))];
        }

        int[] all = [.. Enumerable.Range(0, total)];
        random.Shuffle(all);
        int[] picked = all[..count];
        Array.Sort(picked);
        return picked;
    }

    /// <summary>The task's score of each row's mean contribution over the members that left it out, over the rows some
    /// member left out (scikit-learn also counts rows every member trained on, as predicted 0, and warns); null when no
    /// member left a row out.</summary>
    private static double? OutOfBagScore(EnsembleFitter fit, EnsembleMember[] members, bool[][] inBag)
    {
        EnsembleData data = fit.Data;
        int width = members[0].OutputSize;
        float[] sums = new float[data.Rows * width];
        int[] counts = new int[data.Rows];
        for (int m = 0; m < members.Length; m++)
        {
            int[] outOfBag = [.. Enumerable.Range(0, data.Rows).Where(r => !inBag[m][r])];
            float[] contributions = fit.Contributions(members[m], outOfBag);
            for (int i = 0; i < outOfBag.Length; i++)
            {
                Span<float> sum = sums.AsSpan(outOfBag[i] * width, width);
                TensorPrimitives.Add(sum, contributions.AsSpan(i * width, width), sum);
                counts[outOfBag[i]]++;
            }
        }

        int[] scored = [.. Enumerable.Range(0, data.Rows).Where(r => counts[r] > 0)];
        if (scored.Length == 0)
        {
            return null;
        }

        float[] means = new float[scored.Length * width];
        for (int i = 0; i < scored.Length; i++)
        {
            TensorPrimitives.Divide(sums.AsSpan(scored[i] * width, width), counts[scored[i]], means.AsSpan(i * width, width));
        }

        return fit.Task.OutOfBagScore(means, width, [.. scored.Select(r => data.Targets[r])]);
    }
}
