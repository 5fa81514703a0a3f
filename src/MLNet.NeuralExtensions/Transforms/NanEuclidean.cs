namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// scikit-learn's nan-euclidean distance, which lets rows with missing values have neighbours: the squared differences
/// over the coordinates present in both rows, scaled up by (all coordinates / those present), so that d² =
/// w / p · Σ (a − b)². It is NaN when the rows share no present coordinate.
/// </summary>
internal static class NanEuclidean
{
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        int present = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            if (!double.IsNaN(d))
            {
                sum += d * d;
                present++;
            }
        }

        return present == 0 ? double.NaN : Math.Sqrt(sum * a.Length / present);
    }
}
