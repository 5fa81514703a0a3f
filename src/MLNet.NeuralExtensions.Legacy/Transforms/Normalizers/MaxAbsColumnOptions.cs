namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Max-abs scaling: y = x / max|x|, in [−1, 1]; a slot whose values are all 0 (or missing) is left as is,
/// as scikit-learn's MaxAbsScaler does.</summary>
internal sealed class MaxAbsColumnOptions(InputOutputColumnPair column, long maximumExampleCount)
    : NormalizerColumnOptions(column, maximumExampleCount)
{
    public override NormalizerFunction Create(SlotStatistics statistics)
    {
        double[] scale = PerSlot(statistics, s =>
        {
            double largest = statistics.Count(s) == 0 ? 0 : Math.Max(Math.Abs(statistics.Min(s)), Math.Abs(statistics.Max(s)));
            return largest > 0 ? 1 / largest : 1;
        });
        return new AffineNormalizerFunction(scale, new double[statistics.Width]);
    }
}
