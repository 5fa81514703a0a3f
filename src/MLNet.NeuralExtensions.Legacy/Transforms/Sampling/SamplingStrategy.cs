using System.Collections.ObjectModel;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Which classes a sampler resamples and to what size, in imbalanced-learn's grammar. For over-samplers every chosen
/// class grows to the majority's size; for under-samplers every chosen class shrinks to the minority's size; cleaning
/// samplers (Tomek links) remove rows from the chosen classes only. Ties between equally large classes go to the class
/// seen first in the data.
/// </summary>
public sealed class SamplingStrategy
{
    private SamplingStrategy(Kind kind, double ratio = 0, IReadOnlyDictionary<object, int>? counts = null, IReadOnlyList<object>? classes = null)
    {
        StrategyKind = kind;
        RatioValue = ratio;
        CountsValue = counts;
        ClassesValue = classes;
    }

    internal enum Kind : byte
    {
        Auto = 0,
        Minority = 1,
        Majority = 2,
        NotMinority = 3,
        NotMajority = 4,
        All = 5,
        Ratio = 6,
        Counts = 7,
        Classes = 8,
    }

    /// <summary>The samplers' default: "not majority" for over-samplers, "not minority" for under-samplers and cleaning.</summary>
    public static SamplingStrategy Auto { get; } = new(Kind.Auto);

    /// <summary>Only the smallest class (over-sampling and cleaning).</summary>
    public static SamplingStrategy Minority { get; } = new(Kind.Minority);

    /// <summary>Only the largest class (under-sampling and cleaning).</summary>
    public static SamplingStrategy Majority { get; } = new(Kind.Majority);

    /// <summary>Every class but the smallest.</summary>
    public static SamplingStrategy NotMinority { get; } = new(Kind.NotMinority);

    /// <summary>Every class but the largest.</summary>
    public static SamplingStrategy NotMajority { get; } = new(Kind.NotMajority);

    /// <summary>Every class.</summary>
    public static SamplingStrategy All { get; } = new(Kind.All);

    internal Kind StrategyKind { get; }

    internal double RatioValue { get; }

    internal IReadOnlyDictionary<object, int>? CountsValue { get; }

    internal IReadOnlyList<object>? ClassesValue { get; }

    /// <summary>Binary labels only: the minority's size over the majority's after resampling (over-samplers grow the minority
    /// to ratio × majority; under-samplers shrink the majority to minority / ratio).</summary>
    /// <param name="ratio">In (0, 1].</param>
    /// <returns>The strategy.</returns>
    public static SamplingStrategy Ratio(double ratio)
    {
        if (!(ratio > 0 && ratio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The ratio must be in (0, 1].");
        }

        return new SamplingStrategy(Kind.Ratio, ratio);
    }

    /// <summary>The number of rows each listed class has after resampling (over- and under-samplers); unlisted classes are left alone.</summary>
    /// <typeparam name="TLabel">The label's values: <see cref="string"/> for text labels, <see cref="bool"/>, <see cref="uint"/> for keys, or the numeric type.</typeparam>
    /// <param name="counts">Class → row count.</param>
    /// <returns>The strategy.</returns>
    public static SamplingStrategy Counts<TLabel>(IReadOnlyDictionary<TLabel, int> counts)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Values.Any(c => c < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(counts), "Class counts cannot be negative.");
        }

        return new SamplingStrategy(Kind.Counts, counts: new ReadOnlyDictionary<object, int>(counts.ToDictionary(p => (object)p.Key, p => p.Value)));
    }

    /// <summary>The classes a cleaning sampler removes rows from.</summary>
    /// <typeparam name="TLabel">The label's values, as for <see cref="Counts{TLabel}"/>.</typeparam>
    /// <param name="classes">The classes.</param>
    /// <returns>The strategy.</returns>
    public static SamplingStrategy Classes<TLabel>(params TLabel[] classes)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(classes);
        return new SamplingStrategy(Kind.Classes, classes: [.. classes.Cast<object>()]);
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write((byte)StrategyKind);
        writer.Write(RatioValue);
        object[] values = StrategyKind == Kind.Counts ? [.. CountsValue!.Keys] : [.. ClassesValue ?? []];
        writer.Write(values.Length);
        foreach (object value in values)
        {
            LabelValueCodec.Write(writer, value);
            if (StrategyKind == Kind.Counts)
            {
                writer.Write(CountsValue![value]);
            }
        }
    }

    internal static SamplingStrategy Read(Persistence.ModelLoadContext ctx)
    {
        var kind = (Kind)ctx.Reader.ReadByte();
        double ratio = ctx.Reader.ReadDouble();
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "strategy classes");
        var values = new List<object>();
        var counts = new Dictionary<object, int>();
        for (int i = 0; i < count; i++)
        {
            object value = LabelValueCodec.Read(ctx);
            values.Add(value);
            if (kind == Kind.Counts)
            {
                counts[value] = ctx.Reader.ReadInt32();
            }
        }

        return kind switch
        {
            Kind.Auto => Auto,
            Kind.Minority => Minority,
            Kind.Majority => Majority,
            Kind.NotMinority => NotMinority,
            Kind.NotMajority => NotMajority,
            Kind.All => All,
            Kind.Ratio when ratio > 0 && ratio <= 1 => new SamplingStrategy(kind, ratio),
            Kind.Counts => new SamplingStrategy(kind, counts: new ReadOnlyDictionary<object, int>(counts)),
            Kind.Classes => new SamplingStrategy(kind, classes: values),
            _ => throw ctx.Error($"invalid sampling strategy {(byte)kind} (ratio {ratio})."),
        };
    }

    /// <summary>For an over-sampler: how many rows to add to each class.</summary>
    internal int[] RowsToAdd(LabelClasses labels)
    {
        int[] counts = labels.Counts;
        int majority = counts.Max();
        int[] add = new int[counts.Length];
        switch (StrategyKind)
        {
            case Kind.Ratio:
                RequireBinary(labels);
                int target = (int)(majority * RatioValue);
                int minority = labels.Minority;
                if (target < counts[minority])
                {
                    throw new ArgumentException($"A ratio of {RatioValue} would shrink minority class {labels.Describe(minority)} to {target} rows; an over-sampler only adds rows.");
                }

                add[minority] = target - counts[minority];
                return add;
            case Kind.Counts:
                foreach (var (c, wanted) in Listed(labels))
                {
                    add[c] = wanted >= counts[c] ? wanted - counts[c]
                        : throw new ArgumentException($"The strategy asks for {wanted} rows of class {labels.Describe(c)}; an over-sampler only adds rows.");
                }

                return add;
            case Kind.Majority or Kind.Classes:
                throw new ArgumentException($"Sampling strategy {StrategyKind} does not apply to over-samplers.");
            default:
                foreach (int c in Chosen(labels, Kind.NotMajority))
                {
                    add[c] = majority - counts[c];
                }

                return add;
        }
    }

    /// <summary>For an under-sampler: how many rows each class keeps.</summary>
    internal int[] RowsToKeep(LabelClasses labels)
    {
        int[] counts = labels.Counts;
        int minority = counts.Min();
        int[] keep = (int[])counts.Clone();
        switch (StrategyKind)
        {
            case Kind.Ratio:
                RequireBinary(labels);
                int majority = labels.Majority;
                int target = (int)(minority / RatioValue);
                keep[majority] = target <= counts[majority] ? target
                    : throw new ArgumentException($"A ratio of {RatioValue} would grow majority class {labels.Describe(majority)} to {target} rows; an under-sampler only removes rows.");
                return keep;
            case Kind.Counts:
                foreach (var (c, wanted) in Listed(labels))
                {
                    keep[c] = wanted <= counts[c] ? wanted
                        : throw new ArgumentException($"The strategy asks for {wanted} rows of class {labels.Describe(c)}; an under-sampler only removes rows.");
                }

                return keep;
            case Kind.Minority or Kind.Classes:
                throw new ArgumentException($"Sampling strategy {StrategyKind} does not apply to under-samplers.");
            default:
                foreach (int c in Chosen(labels, Kind.NotMinority))
                {
                    keep[c] = minority;
                }

                return keep;
        }
    }

    /// <summary>For a cleaning sampler: whether each class may lose rows.</summary>
    internal bool[] ClassesToClean(LabelClasses labels)
    {
        bool[] clean = new bool[labels.Counts.Length];
        if (StrategyKind is Kind.Ratio or Kind.Counts)
        {
            throw new ArgumentException($"Sampling strategy {StrategyKind} does not apply to cleaning samplers; name the classes to clean.");
        }

        IEnumerable<int> chosen = StrategyKind == Kind.Classes
            ? ClassesValue!.Select(v => Find(labels, v))
            : Chosen(labels, Kind.NotMinority);
        foreach (int c in chosen)
        {
            clean[c] = true;
        }

        return clean;
    }

    private static void RequireBinary(LabelClasses labels)
    {
        if (labels.Counts.Length != 2)
        {
            throw new ArgumentException($"A ratio strategy needs exactly two classes; the label has {labels.Counts.Length}.");
        }
    }

    private static int Find(LabelClasses labels, object value)
    {
        int c = labels.Values.ToList().FindIndex(v => v.Equals(value));
        return c >= 0 ? c : throw new ArgumentException($"Class '{value}' ({value.GetType().Name}) named by the sampling strategy is not a label of the data; its labels are {string.Join(", ", labels.Values.Select(v => $"'{v}' ({v.GetType().Name})"))}.");
    }

    private IEnumerable<(int Class, int Count)> Listed(LabelClasses labels) => CountsValue!.Select(p => (Find(labels, p.Key), p.Value));

    private IEnumerable<int> Chosen(LabelClasses labels, Kind auto)
    {
        int classes = labels.Counts.Length;
        int minority = labels.Minority, majority = labels.Majority;
        return (StrategyKind == Kind.Auto ? auto : StrategyKind) switch
        {
            Kind.Minority => [minority],
            Kind.Majority => [majority],
            Kind.NotMinority => Enumerable.Range(0, classes).Where(c => c != minority),
            Kind.NotMajority => Enumerable.Range(0, classes).Where(c => c != majority),
            _ => Enumerable.Range(0, classes),
        };
    }
}
