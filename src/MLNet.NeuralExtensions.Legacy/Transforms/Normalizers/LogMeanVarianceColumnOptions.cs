namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Log-normal normalization, fitted to ln x over the positive training values. With useCdf (the default):
/// y = Φ((ln x − mean) / σ), and x ≤ 0 maps to 0. Without: the mean-variance standardization of ln x, where x ≤ 0
/// gives −∞ or NaN as the logarithm does.
/// </summary>
internal sealed class LogMeanVarianceColumnOptions(InputOutputColumnPair column, long maximumExampleCount, bool fixZero, bool useCdf)
    : NormalizerColumnOptions(column, maximumExampleCount)
{
    public override bool FitsLogarithm => true;

    public override NormalizerFunction Create(SlotStatistics statistics) => useCdf
        ? MeanVarianceColumnOptions.Cdf(statistics, useLog: true)
        : MeanVarianceColumnOptions.Standardize(statistics, fixZero, useLog: true);
}
