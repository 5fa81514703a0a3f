namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Robust scaling: y = (x − median) / (q_max − q_min), quantiles interpolated linearly as scikit-learn's RobustScaler
/// computes them; without centering the median is not subtracted. A slot whose quantile range is 0 is only centered.
/// </summary>
internal sealed class RobustScalingColumnOptions : NormalizerColumnOptions
{
    private readonly bool _centerData;
    private readonly uint _quantileMin;
    private readonly uint _quantileMax;

    public RobustScalingColumnOptions(InputOutputColumnPair column, long maximumExampleCount, bool centerData, uint quantileMin, uint quantileMax)
        : base(column, maximumExampleCount)
    {
        if (quantileMax > 100 || quantileMin >= quantileMax)
        {
            throw new ArgumentOutOfRangeException(nameof(quantileMax), $"The quantile range must satisfy 0 ≤ quantileMin < quantileMax ≤ 100; got [{quantileMin}, {quantileMax}].");
        }

        _centerData = centerData;
        _quantileMin = quantileMin;
        _quantileMax = quantileMax;
    }

    public override bool KeepsValues => true;

    public override NormalizerFunction Create(SlotStatistics statistics)
    {
        double[] scale = PerSlot(statistics, s =>
        {
            double range = statistics.Quantile(s, _quantileMax / 100.0) - statistics.Quantile(s, _quantileMin / 100.0);
            return range > 0 ? 1 / range : 1;
        });
        double[] offset = PerSlot(statistics, s => _centerData && statistics.Count(s) > 0 ? statistics.Quantile(s, 0.5) : 0);
        return new AffineNormalizerFunction(scale, offset);
    }
}
