namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Equal-frequency binning: each slot is cut into at most <c>maximumBinCount</c> bins holding about the same number of
/// training values (every distinct value its own bin when there are few enough), cut points lying midway between
/// neighbouring values. y = bin / (bins − 1), in [0, 1]; with fixZero the output is shifted so that 0 maps to 0.
/// </summary>
internal sealed class BinningColumnOptions : NormalizerColumnOptions
{
    private readonly bool _fixZero;
    private readonly int _maximumBinCount;

    public BinningColumnOptions(InputOutputColumnPair column, long maximumExampleCount, bool fixZero, int maximumBinCount)
        : base(column, maximumExampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumBinCount, 2);
        _fixZero = fixZero;
        _maximumBinCount = maximumBinCount;
    }

    public override bool KeepsValues => true;

    public override NormalizerFunction Create(SlotStatistics statistics)
    {
        double[][] cuts = [.. Enumerable.Range(0, statistics.Width).Select(s => CutPoints(statistics.SortedValues(s), _maximumBinCount))];
        double[] density = [.. cuts.Select(c => c.Length == 0 ? 0 : 1.0 / c.Length)];
        double[] offset = [.. cuts.Select((c, s) => _fixZero ? BinNormalizerFunction.BinOf(c, 0) * density[s] : 0)];
        return new BinNormalizerFunction(cuts, density, offset);
    }

    /// <summary>The ascending cut points of at most <paramref name="maximumBinCount"/> equal-frequency bins of <paramref name="sorted"/>.</summary>
    internal static double[] CutPoints(IReadOnlyList<double> sorted, int maximumBinCount)
    {
        int n = sorted.Count;
        var cuts = new List<double>();
        int distinct = n == 0 ? 0 : 1;
        for (int i = 1; i < n; i++)
        {
            distinct += sorted[i] > sorted[i - 1] ? 1 : 0;
        }

        if (distinct <= maximumBinCount)
        {
            for (int i = 1; i < n; i++)
            {
                if (sorted[i] > sorted[i - 1])
                {
                    cuts.Add(Midpoint(sorted[i - 1], sorted[i]));
                }
            }

            return [.. cuts];
        }

        // Cut after about every n / bins values, moving a cut that falls inside a run of equal values to the run's end.
        int previous = 0;
        for (int bin = 1; bin < maximumBinCount; bin++)
        {
            int at = Math.Max((int)Math.Round((double)bin * n / maximumBinCount), previous + 1);
            while (at < n && sorted[at] == sorted[at - 1])
            {
                at++;
            }

            if (at >= n)
            {
                break;
            }

            cuts.Add(Midpoint(sorted[at - 1], sorted[at]));
            previous = at;
        }

        return [.. cuts];
    }

    private static double Midpoint(double a, double b) => a + ((b - a) / 2);
}
