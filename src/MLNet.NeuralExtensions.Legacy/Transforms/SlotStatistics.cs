using System.Numerics;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

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
    private readonly bool _pooled;

    /// <summary>Creates empty statistics of <paramref name="width"/> slots, or of one slot that every value goes to
    /// when <paramref name="pooled"/>.</summary>
    public SlotStatistics(int width, bool keepValues, bool pooled = false)
    {
        _pooled = pooled;
        width = pooled ? 1 : width;
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

    /// <summary>Gathers the statistics each request asks for in one pass over <paramref name="data"/>.</summary>
    public static SlotStatistics[] Gather(IDataView data, IReadOnlyList<Request> requests)
    {
        SlotStatistics[] statistics = [.. requests.Select(r => new SlotStatistics(ColumnBuffers.Width(r.Column.Type), r.KeepValues, r.Pooled))];
        long limit = requests.Max(r => r.MaximumRows);
        long seen = 0;
        using DataViewBatchCursor cursor = data.GetBatchCursor(requests.Select(r => r.Column).DistinctBy(c => c.Index));
        while (seen < limit && cursor.MoveNext())
        {
            DataViewBatch batch = cursor.Batch;
            for (int i = 0; i < requests.Count; i++)
            {
                Request r = requests[i];
                int rows = (int)Math.Clamp(r.MaximumRows - seen, 0, batch.RowCount);
                int width = ColumnBuffers.Width(r.Column.Type);
                if (ColumnBuffers.ItemType(r.Column.Type).RawType == typeof(double))
                {
                    statistics[i].Accumulate(batch.GetColumn<double>(r.Column).Values, rows * width, width, r.Logarithm);
                }
                else
                {
                    statistics[i].Accumulate(batch.GetColumn<float>(r.Column).Values, rows * width, width, r.Logarithm);
                }
            }

            seen += batch.RowCount;
        }

        return statistics;
    }

    /// <summary>Adds one value of slot <paramref name="slot"/>; NaN is ignored.</summary>
    public void Add(int slot, double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        slot = _pooled ? 0 : slot;

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

    /// <summary>The most frequent value, the smallest of equally frequent ones (scikit-learn's rule), or NaN when the
    /// slot had no values.</summary>
    public double Mode(int slot)
    {
        IReadOnlyList<double> sorted = SortedValues(slot);
        double best = double.NaN;
        int bestRun = 0;
        for (int start = 0, end; start < sorted.Count; start = end)
        {
            for (end = start + 1; end < sorted.Count && sorted[end] == sorted[start]; end++)
            {
            }

            if (end - start > bestRun)
            {
                bestRun = end - start;
                best = sorted[start];
            }
        }

        return best;
    }

    /// <summary>The <paramref name="fraction"/> quantile with linear interpolation between order statistics (NumPy's
    /// default rule, as scikit-learn uses), or NaN when the slot had no values.</summary>
    public double Quantile(int slot, double fraction)
    {
        IReadOnlyList<double> sorted = SortedValues(slot);
        return sorted.Count == 0 ? double.NaN : Interpolate(sorted, fraction);
    }

    /// <summary>The <paramref name="fraction"/> quantile of ascending <paramref name="sorted"/> values (at least one) with
    /// linear interpolation between order statistics, NumPy's default rule.</summary>
    public static double Interpolate(IReadOnlyList<double> sorted, double fraction)
    {
        double position = fraction * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    private void Accumulate<T>(ReadOnlySpan<T> values, int count, int width, bool logarithm)
        where T : INumberBase<T>
    {
        for (int i = 0; i < count; i++)
        {
            double v = double.CreateTruncating(values[i]);
            Add(i % width, logarithm ? (v > 0 ? Math.Log(v) : double.NaN) : v);
        }
    }

    /// <summary>What to gather for one column.</summary>
    /// <param name="Column">A Single or Double column, scalar or of known size.</param>
    /// <param name="MaximumRows">How many rows, from the first, to read.</param>
    /// <param name="KeepValues">Whether to keep every value, for quantiles and modes.</param>
    /// <param name="Logarithm">Whether to gather ln x of the positive values instead of x.</param>
    /// <param name="Pooled">Whether all slots share one set of statistics.</param>
    internal sealed record Request(DataViewSchema.Column Column, long MaximumRows, bool KeepValues, bool Logarithm = false, bool Pooled = false);
}
