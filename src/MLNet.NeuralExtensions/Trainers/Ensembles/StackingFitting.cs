using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Trains a stacking ensemble: out-of-fold member outputs over k folds (scikit-learn's stratified or plain
/// k-fold), the meta-learner on them, then every member on all the rows.</summary>
internal static class StackingFitting
{
    public static EnsembleParts Fit(StackingOptions options, EnsembleFitter fit, IEstimator<ISingleFeaturePredictionTransformer<object>> metaLearner)
    {
        EnsembleData data = fit.Data;
        int k = options.NumberOfFolds;
        int[] fold = Folds(fit, k, options.ShuffleFolds);
        int count = options.Members.Count;
        int scoreSize = fit.Task.ScoreSize(data.ClassCount);
        var outOfFold = new float[count][];
        for (int f = 0; f < k; f++)
        {
            int[] train = [.. Enumerable.Range(0, data.Rows).Where(r => fold[r] != f)];
            int[] heldOut = [.. Enumerable.Range(0, data.Rows).Where(r => fold[r] == f)];
            var view = data.Sample(train);
            for (int m = 0; m < count; m++)
            {
                var copy = fit.Member(fit.Fit(options.Members[m], view, $"member {m} (fold {f + 1} of {k})", scoreSize), view, train, null, EnsembleCombination.Stacking);
                float[] predictions = fit.Contributions(copy, heldOut);
                int width = copy.OutputSize;
                outOfFold[m] ??= new float[data.Rows * width];
                for (int i = 0; i < heldOut.Length; i++)
                {
                    predictions.AsSpan(i * width, width).CopyTo(outOfFold[m].AsSpan(heldOut[i] * width));
                }

                (copy.Transformer as IDisposable)?.Dispose();
            }
        }

        int[] all = [.. Enumerable.Range(0, data.Rows)];
        EnsembleMember[] members = [.. options.Members.Select((estimator, m) =>
            fit.Member(fit.Fit(estimator, data.All, $"member {m}", scoreSize), data.All, all, null, EnsembleCombination.Stacking))];
        int[] widths = [.. members.Select(m => m.OutputSize)];
        int metaWidth = widths.Sum() + (options.Passthrough ? data.Width : 0);
        float[] metaFeatures = new float[data.Rows * metaWidth];
        for (int r = 0; r < data.Rows; r++)
        {
            Span<float> row = metaFeatures.AsSpan(r * metaWidth, metaWidth);
            int offset = 0;
            for (int m = 0; m < count; m++)
            {
                outOfFold[m].AsSpan(r * widths[m], widths[m]).CopyTo(row[offset..]);
                offset += widths[m];
            }

            if (options.Passthrough)
            {
                data.Features.AsSpan(r * data.Width, data.Width).CopyTo(row[offset..]);
            }
        }

        var metaView = data.WithFeatures(metaFeatures, metaWidth);
        var meta = fit.Fit(metaLearner, metaView, "the meta-learner", scoreSize);
        if (fit.Task.NeedsCalibration(EnsembleCombination.Average, meta.Model))
        {
            meta = fit.Calibrated(meta, metaView, metaFeatures, metaWidth, all, null);
        }

        return new EnsembleParts(EnsembleCombination.Stacking, data.Width, members, [.. Enumerable.Repeat(1f / count, count)], meta, options.Passthrough);
    }

    /// <summary>Each row's fold; throws when a class has fewer rows than folds.</summary>
    private static int[] Folds(EnsembleFitter fit, int k, bool shuffle)
    {
        EnsembleData data = fit.Data;
        Random? random = shuffle ? new Random(fit.Seed) : null;
        if (!fit.Task.IsClassification)
        {
            return k <= data.Rows ? EnsembleFolds.Contiguous(data.Rows, k, random)
                : throw new ArgumentException($"NumberOfFolds is {k}, but the training data has {data.Rows} rows; stacking needs at least one row per fold.");
        }

        int[] classes = [.. data.Targets.Select(t => (int)t)];
        var smallest = classes.GroupBy(c => c).MinBy(g => g.Count())!;
        if (smallest.Count() < k)
        {
            throw new ArgumentException($"NumberOfFolds is {k}, but class {fit.Task.ClassName(data.Label, smallest.Key)} of label '{data.Label.Name}' has {smallest.Count()} rows; stratified stacking needs at least one row of every class per fold. Use at most {smallest.Count()} folds.");
        }

        return EnsembleFolds.Stratified(classes, k, random);
    }
}
