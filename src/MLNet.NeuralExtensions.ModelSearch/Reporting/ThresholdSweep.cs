namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>
/// The ROC and precision-recall curves of scored rows: the threshold is lowered through every distinct score, highest
/// first, and after each one the rows at or above it count as predicted positive. The ROC curve starts at (0, 0) and
/// ends at (1, 1); the precision-recall curve has one point a threshold. Rows whose score is NaN are left out, as
/// ML.NET's evaluators leave them out. Curves of more than <see cref="MostPoints"/> thresholds keep that many,
/// evenly spaced, with the first and the last.
/// </summary>
internal static class ThresholdSweep
{
    /// <summary>The most points a curve keeps: 1000.</summary>
    public const int MostPoints = 1000;

    /// <summary>The curves of <paramref name="scores"/> (higher meaning positive) against <paramref name="labels"/>, or
    /// null when the scored rows lack a positive or a negative, which leave the curves undefined.</summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static (CurvePoints Roc, CurvePoints PrecisionRecall)? Curves(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} scores were given for {labels.Count} labels.", nameof(labels));
        }
        int[] order = [.. Enumerable.Range(0, scores.Count).Where(i => !float.IsNaN(scores[i])).OrderByDescending(i => scores[i])];
        int positives = order.Count(i => labels[i]), negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        List<double> falsePositiveRate = [0], truePositiveRate = [0], recall = [], precision = [];
        int truePositives = 0, falsePositives = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (labels[order[k]])
            {
                truePositives++;
            }
            else
            {
                falsePositives++;
            }
            if (k + 1 == order.Length || scores[order[k + 1]] != scores[order[k]])
            {
                falsePositiveRate.Add((double)falsePositives / negatives);
                truePositiveRate.Add((double)truePositives / positives);
                recall.Add((double)truePositives / positives);
                precision.Add((double)truePositives / (truePositives + falsePositives));
            }
        }
        return (Thin(falsePositiveRate, truePositiveRate), Thin(recall, precision));
    }

    private static CurvePoints Thin(List<double> x, List<double> y)
    {
        if (x.Count <= MostPoints)
        {
            return new CurvePoints(x, y);
        }
        int[] kept = [.. Enumerable.Range(0, MostPoints).Select(i => (int)Math.Round(i * (x.Count - 1) / (double)(MostPoints - 1)))];
        return new CurvePoints([.. kept.Select(i => x[i])], [.. kept.Select(i => y[i])]);
    }
}
