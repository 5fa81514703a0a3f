namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Standardization with the population variance. Without fixZero: y = (x − mean) / σ (scikit-learn's StandardScaler).
/// With fixZero (ML.NET's default): y = x / √(σ² + mean²), which keeps 0 at 0 and does not center. With useCdf:
/// y = Φ((x − mean) / σ). A constant slot gets scale 0.
/// </summary>
internal sealed class MeanVarianceColumnOptions(InputOutputColumnPair column, long maximumExampleCount, bool fixZero, bool useCdf)
    : NormalizerColumnOptions(column, maximumExampleCount)
{
    public override NormalizerFunction Create(SlotStatistics statistics) =>
        useCdf ? Cdf(statistics, useLog: false) : Standardize(statistics, fixZero, useLog: false);

    /// <summary>The affine standardization of the statistics' values (of ln x when <paramref name="useLog"/>).</summary>
    internal static AffineNormalizerFunction Standardize(SlotStatistics statistics, bool fixZero, bool useLog)
    {
        double[] scale = PerSlot(statistics, s =>
        {
            double variance = statistics.Variance(s);
            double mean = statistics.Mean(s);
            return variance <= 0 ? 0 : fixZero ? 1 / Math.Sqrt(variance + (mean * mean)) : 1 / Math.Sqrt(variance);
        });
        double[] offset = PerSlot(statistics, s => fixZero ? 0 : statistics.Mean(s));
        return new AffineNormalizerFunction(scale, offset, useLog);
    }

    /// <summary>The normal CDF fitted to the statistics' values (of ln x when <paramref name="useLog"/>).</summary>
    internal static CdfNormalizerFunction Cdf(SlotStatistics statistics, bool useLog) =>
        new(PerSlot(statistics, statistics.Mean), PerSlot(statistics, s => Math.Sqrt(statistics.Variance(s))), useLog);
}
