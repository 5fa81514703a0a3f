namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Per-slot statistics of a numeric column gathered in one pass while a normalizer is fitted: count, minimum, maximum,
/// mean and population variance (Welford's update), and, for the quantile-based normalizers, the values themselves.
/// NaN is skipped everywhere, so it never shifts a statistic.
/// </summary>
internal sealed class SlotStatistics
{
    private readonly long[] _count;
    private readonly double[] _min;
    private readonly double[] _max;
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly List<double>[]? _values;
    private bool _sorted;

    public SlotStatistics(int width, bool keepValues)
    {
        Width = width;
        _count = new long[width];
        _min = new double[width];
        _max = new double[width];
        _mean = new double[width];
        _m2 = new double[width];
        Array.Fill(_min, double.PositiveInfinity);
        Array.Fill(_max, double.NegativeInfinity);
        _values = keepValues ? [.. Enumerable.Range(0, width).Select(_ => new List<double>())] : null;
    }

    /// <summary>The number of slots.</summary>
    public int Width { get; }

    /// <summary>Adds one value of slot <paramref name="slot"/>; NaN is ignored.</summary>
    public void Add(int slot, double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        long n = ++_count[slot];
        _min[slot] = Math.Min(_min[slot], value);
        _max[slot] = Math.Max(_max[slot], value);
        double delta = value - _mean[slot];
        _mean[slot] += delta / n;
        _m2[slot] += delta * (value - _mean[slot]);
        _values?[slot].Add(value);
        _sorted = false;
    }

    /// <summary>The number of non-NaN values seen in the slot.</summary>
    public long Count(int slot) => _count[slot];

    /// <summary>The smallest value, or +∞ when the slot had none.</summary>
    public double Min(int slot) => _min[slot];

    /// <summary>The largest value, or −∞ when the slot had none.</summary>
    public double Max(int slot) => _max[slot];

    /// <summary>The mean, or 0 when the slot had no values.</summary>
    public double Mean(int slot) => _mean[slot];

    /// <summary>The population variance (divided by the count), or 0 when the slot had no values.</summary>
    public double Variance(int slot) => _count[slot] == 0 ? 0 : Math.Max(_m2[slot] / _count[slot], 0);

    /// <summary>The slot's values in ascending order; only when values are kept.</summary>
    public IReadOnlyList<double> SortedValues(int slot)
    {
        if (_values is null)
        {
            throw new InvalidOperationException("These statistics do not keep values.");
        }

        if (!_sorted)
        {
            foreach (List<double> list in _values)
            {
                list.Sort();
            }

            _sorted = true;
        }

        return _values[slot];
    }

    /// <summary>The <paramref name="fraction"/> quantile with linear interpolation between order statistics (NumPy's
    /// default rule, as scikit-learn uses), or NaN when the slot had no values.</summary>
    public double Quantile(int slot, double fraction)
    {
        IReadOnlyList<double> sorted = SortedValues(slot);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        double position = fraction * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
