namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Trains a stacking ensemble: out-of-fold member outputs over k folds (stratified for classification), the
/// meta-learner on them, then every member on all the rows.</summary>
internal static class StackingFitting
{
    public static EnsembleModelParameters Fit(StackingOptions options, EnsembleData data, IEstimator<ITransformer> metaLearner)
    {
        int k = options.NumberOfFolds;
        if (k > data.Rows)
        {
            throw new ArgumentException($"Stacking with {k} folds needs at least {k} rows; the data has {data.Rows}.");
        }

        int[] fold = Folds(data, k);
        int members = options.Members.Count;
        var outOfFold = new float[members][];
        int[] outputs = new int[members];
        for (int f = 0; f < k; f++)
        {
            int[] trainRows = [.. Enumerable.Range(0, data.Rows).Where(r => fold[r] != f)];
            int[] heldOut = [.. Enumerable.Range(0, data.Rows).Where(r => fold[r] == f)];
            float[] heldOutFeatures = data.FeaturesOf(heldOut);
            for (int m = 0; m < members; m++)
            {
                IScoringTransformer copy = data.Fit(options.Members[m], data.View(trainRows), $"member {m} (fold {f + 1} of {k})");
                outputs[m] = copy.Scoring.OutputSize;
                outOfFold[m] ??= new float[data.Rows * outputs[m]];
                float[] predictions = copy.Scoring.Score(heldOutFeatures, heldOut.Length);
                data.Task.ToProbabilities(predictions, outputs[m]);
                for (int i = 0; i < heldOut.Length; i++)
                {
                    predictions.AsSpan(i * outputs[m], outputs[m]).CopyTo(outOfFold[m].AsSpan(heldOut[i] * outputs[m]));
                }
            }
        }

        IScoringTransformer[] finals = [.. options.Members.Select((estimator, m) => data.Fit(estimator, data.All, $"member {m}"))];
        int width = outputs.Sum() + (options.Passthrough ? data.Width : 0);
        float[] metaFeatures = new float[data.Rows * width];
        for (int r = 0; r < data.Rows; r++)
        {
            Span<float> row = metaFeatures.AsSpan(r * width, width);
            int offset = 0;
            for (int m = 0; m < members; m++)
            {
                outOfFold[m].AsSpan(r * outputs[m], outputs[m]).CopyTo(row[offset..]);
                offset += outputs[m];
            }

            if (options.Passthrough)
            {
                data.Features.AsSpan(r * data.Width, data.Width).CopyTo(row[offset..]);
            }
        }

        IScoringTransformer meta = data.Fit(metaLearner, data.WithFeatures(metaFeatures, width), "meta-learner");
        return new EnsembleModelParameters(data.Task, data.Width, finals, new int[]?[members], [.. Enumerable.Repeat(1f / members, members)],
            EnsembleCombination.Stacking, meta, options.Passthrough);
    }

    /// <summary>Each row's fold: rows shuffled by the seed and dealt out in turn, class by class for classification so
    /// that every fold keeps the class proportions.</summary>
    private static int[] Folds(EnsembleData data, int k)
    {
        var random = new Random(data.Seed);
        int[] fold = new int[data.Rows];
        IEnumerable<int[]> groups = data.Task.IsClassification
            ? Enumerable.Range(0, data.Rows).GroupBy(r => data.Targets[r]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : [[.. Enumerable.Range(0, data.Rows)]];
        int next = 0;
        foreach (int[] group in groups)
        {
            random.Shuffle(group);
            foreach (int r in group)
            {
                fold[r] = next++ % k;
            }
        }

        return fold;
    }
}
