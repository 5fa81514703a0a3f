using System.Globalization;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>What one pass over a column's text values gathers to decide its role.</summary>
internal sealed class ColumnStatistics
{
    /// <summary>Distinct values tracked at most; beyond, the column counts as having "many".</summary>
    internal const int DistinctLimit = 100_000;

    private static readonly HashSet<string> MissingMarkers = new(["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?", "-"], StringComparer.Ordinal);

    public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

    public int Missing { get; private set; }

    public int Present { get; private set; }

    public bool AllNumeric { get; private set; } = true;

    public bool AllIntegers { get; private set; } = true;

    public double Minimum { get; private set; } = double.PositiveInfinity;

    public double Maximum { get; private set; } = double.NegativeInfinity;

    public long TotalWords { get; private set; }

    public bool DistinctOverflow { get; private set; }

    /// <summary>Whether <paramref name="value"/> marks a missing value.</summary>
    private static bool IsMissing(ReadOnlySpan<char> value) => MissingMarkers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(value.Trim());

    public void Add(ReadOnlySpan<char> raw)
    {
        ReadOnlySpan<char> value = raw.Trim();
        if (IsMissing(value))
        {
            Missing++;
            return;
        }
        Present++;
        TotalWords += value.Count(' ') + 1;
        if (AllNumeric)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x))
            {
                Minimum = Math.Min(Minimum, x);
                Maximum = Math.Max(Maximum, x);
                AllIntegers &= x == Math.Floor(x);
            }
            else
            {
                AllNumeric = false;
                AllIntegers = false;
            }
        }
        var lookup = Counts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out int n))
        {
            lookup[value] = n + 1;
        }
        else if (Counts.Count < DistinctLimit)
        {
            lookup[value] = 1;
        }
        else
        {
            DistinctOverflow = true;
        }
    }

    public int Distinct => DistinctOverflow ? DistinctLimit + 1 : Counts.Count;
}
