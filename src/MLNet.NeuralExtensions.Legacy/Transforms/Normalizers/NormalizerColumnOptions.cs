namespace MLNet.NeuralExtensions.Transforms;

/// <summary>What to fit for one normalized column: the statistics it needs and how they become a <see cref="NormalizerFunction"/>.</summary>
internal abstract class NormalizerColumnOptions
{
    private protected NormalizerColumnOptions(InputOutputColumnPair column, long maximumExampleCount)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumExampleCount, 2);
        Column = column;
        MaximumExampleCount = maximumExampleCount;
    }

    /// <summary>The output and input column names.</summary>
    public InputOutputColumnPair Column { get; }

    /// <summary>How many rows, from the first, the statistics are computed over.</summary>
    public long MaximumExampleCount { get; }

    /// <summary>Whether the fit needs every value (quantiles, bins) rather than running moments.</summary>
    public virtual bool KeepsValues => false;

    /// <summary>Whether statistics are of ln x over the positive values (the log-normal normalizers).</summary>
    public virtual bool FitsLogarithm => false;

    /// <summary>Turns the gathered statistics into the column's function.</summary>
    public abstract NormalizerFunction Create(SlotStatistics statistics);

    /// <summary>Applies <paramref name="perSlot"/> to every slot and collects the results.</summary>
    private protected static double[] PerSlot(SlotStatistics statistics, Func<int, double> perSlot) =>
        [.. Enumerable.Range(0, statistics.Width).Select(perSlot)];
}
