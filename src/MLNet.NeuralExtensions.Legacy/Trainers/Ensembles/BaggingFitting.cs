namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Trains a bagging ensemble: each member on its own sample of rows and features with its own seed, then the
/// out-of-bag score from the rows each member left out.</summary>
internal static class BaggingFitting
{
    public static EnsembleModelParameters Fit(BaggingOptions options, EnsembleData data)
    {
        var random = new Random(data.Seed);
        int n = options.NumberOfMembers;
        int rowCount = Math.Max(1, (int)(options.RowSamplingFraction * data.Rows));
        int featureCount = Math.Max(1, (int)(options.FeatureSamplingFraction * data.Width));
        bool allFeatures = featureCount == data.Width && !options.BootstrapFeatures;
        var members = new IScoringTransformer[n];
        var featureIndices = new int[]?[n];
        var inBag = new bool[n][];
        for (int m = 0; m < n; m++)
        {
            int[] rows = Sample(random, data.Rows, rowCount, options.Bootstrap);
            featureIndices[m] = allFeatures ? null : Sample(random, data.Width, featureCount, options.BootstrapFeatures);
            int seed = random.Next();
            IEstimator<ITransformer> estimator = options.Estimator is ISeedableEstimator seedable ? seedable.WithSeed(seed) : options.Estimator!;
            members[m] = data.Fit(estimator, data.View(rows, featureIndices[m]), $"member {m}");
            inBag[m] = new bool[data.Rows];
            foreach (int r in rows)
            {
                inBag[m][r] = true;
            }
        }

        float[] weights = [.. Enumerable.Repeat(1f / n, n)];
        var model = new EnsembleModelParameters(data.Task, data.Width, members, featureIndices, weights, EnsembleCombination.Average);
        return new EnsembleModelParameters(data.Task, data.Width, members, featureIndices, weights, EnsembleCombination.Average, outOfBagScore: OutOfBagScore(model, data, inBag));
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

    private static double? OutOfBagScore(EnsembleModelParameters model, EnsembleData data, bool[][] inBag)
    {
        int outputs = ((IScoringModel)model).OutputSize;
        float[] sums = new float[data.Rows * outputs];
        int[] counts = new int[data.Rows];
        for (int m = 0; m < inBag.Length; m++)
        {
            if (inBag[m].All(b => b))
            {
                continue;
            }

            float[] probabilities = model.MemberOutputs(m, data.Features, data.Rows);
            for (int r = 0; r < data.Rows; r++)
            {
                if (!inBag[m][r])
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(sums.AsSpan(r * outputs, outputs), probabilities.AsSpan(r * outputs, outputs), sums.AsSpan(r * outputs, outputs));
                    counts[r]++;
                }
            }
        }

        int[] scored = [.. Enumerable.Range(0, data.Rows).Where(r => counts[r] > 0)];
        if (scored.Length == 0)
        {
            return null;
        }

        float[] means = new float[scored.Length * outputs];
        for (int i = 0; i < scored.Length; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(sums.AsSpan(scored[i] * outputs, outputs), counts[scored[i]], means.AsSpan(i * outputs, outputs));
        }

        return data.Task.Score(means, outputs, [.. scored.Select(r => data.Targets[r])]);
    }
}
