namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Min-max scaling. Without fixZero: y = (x − min) / (max − min), in [0, 1]. With fixZero: y = x / max(|min|, |max|),
/// in [−1, 1] with 0 kept at 0. A constant or empty slot gets scale 0 (ML.NET's rule).
/// </summary>
internal sealed class MinMaxColumnOptions(InputOutputColumnPair column, long maximumExampleCount, bool fixZero)
    : NormalizerColumnOptions(column, maximumExampleCount)
{
    public override NormalizerFunction Create(SlotStatistics statistics)
    {
        bool informative(int s) => statistics.Max(s) > statistics.Min(s);
        double[] scale = PerSlot(statistics, s => !informative(s) ? 0
            : fixZero ? 1 / Math.Max(Math.Abs(statistics.Min(s)), Math.Abs(statistics.Max(s)))
            : 1 / (statistics.Max(s) - statistics.Min(s)));
        double[] offset = PerSlot(statistics, s => fixZero || !informative(s) ? 0 : statistics.Min(s));
        return new AffineNormalizerFunction(scale, offset);
    }
}
