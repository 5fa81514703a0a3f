using System.Globalization;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Which classes a sampler resamples and to what size, in imbalanced-learn's terms (its <c>sampling_strategy</c>).
/// Over-samplers grow every chosen class to the majority's size; under-samplers shrink every chosen class to the
/// minority's size; cleaning samplers (Tomek links) remove rows from the chosen classes only. The minority and the
/// majority are the smallest and the largest class; among equally large classes, the one whose label comes first
/// (false before true, numbers and keys ascending, text by ordinal comparison), as in imbalanced-learn.
/// </summary>
public sealed class SamplingStrategy
{
    private readonly Kind _kind;
    private readonly double _ratio;
    private readonly IReadOnlyList<(object Class, int Count)> _classes;

    private SamplingStrategy(Kind kind, double ratio = 0, IReadOnlyList<(object Class, int Count)>? classes = null)
    {
        _kind = kind;
        _ratio = ratio;
        _classes = classes ?? [];
    }

    private enum Kind : byte
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

    /// <summary>Gets the samplers' default: "not majority" for over-samplers, "not minority" for under-samplers and
    /// cleaning.</summary>
    public static SamplingStrategy Auto { get; } = new(Kind.Auto);

    /// <summary>Gets the strategy that resamples the smallest class only (over-samplers only).</summary>
    public static SamplingStrategy Minority { get; } = new(Kind.Minority);

    /// <summary>Gets the strategy that resamples the largest class only (under-samplers and cleaning only).</summary>
    public static SamplingStrategy Majority { get; } = new(Kind.Majority);

    /// <summary>Gets the strategy that resamples every class but the smallest.</summary>
    public static SamplingStrategy NotMinority { get; } = new(Kind.NotMinority);

    /// <summary>Gets the strategy that resamples every class but the largest.</summary>
    public static SamplingStrategy NotMajority { get; } = new(Kind.NotMajority);

    /// <summary>Gets the strategy that resamples every class.</summary>
    public static SamplingStrategy All { get; } = new(Kind.All);

    /// <summary>For two classes only: the smaller class's size over the larger's after resampling. An over-sampler grows
    /// the smaller class to ⌊ratio × larger⌋ rows, an under-sampler shrinks the larger class to ⌊smaller / ratio⌋ rows;
    /// either fails if that would not add, respectively would add, rows. Not for cleaning samplers.</summary>
    /// <param name="ratio">The ratio, in (0, 1].</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratio"/> is not in (0, 1].</exception>
    public static SamplingStrategy Ratio(double ratio) => ratio > 0 && ratio <= 1
        ? new SamplingStrategy(Kind.Ratio, ratio)
        : throw new ArgumentOutOfRangeException(nameof(ratio), ratio, $"The sampling ratio must be in (0, 1]; {ratio.ToString(CultureInfo.InvariantCulture)} was given.");

    /// <summary>The number of rows each listed class has after resampling; the other classes are left alone. An
    /// over-sampler fails on a count below the class's size, an under-sampler on one above it. Not for cleaning samplers.</summary>
    /// <typeparam name="TLabel">How classes are named: <see cref="string"/> for a text label or a key label with text
    /// values, <see cref="bool"/> for a Boolean label, a number type for a numeric label or a key's raw value (1 for the
    /// first key).</typeparam>
    /// <param name="counts">Class → number of rows.</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static SamplingStrategy Counts<TLabel>(IReadOnlyDictionary<TLabel, int> counts)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var (label, count) in counts)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(counts), count, $"The sampling strategy asks for {count} rows of class '{label}'; a count cannot be negative.");
            }
        }

        return new SamplingStrategy(Kind.Counts, classes: [.. counts.Select(p => (Canonical(p.Key), p.Value))]);
    }

    /// <summary>The classes a cleaning sampler may remove rows from (cleaning samplers only).</summary>
    /// <typeparam name="TLabel">How classes are named, as for <see cref="Counts{TLabel}"/>.</typeparam>
    /// <param name="classes">The classes.</param>
    /// <returns>The strategy.</returns>
    public static SamplingStrategy Classes<TLabel>(params TLabel[] classes)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(classes);
        return new SamplingStrategy(Kind.Classes, classes: [.. classes.Select(c => (Canonical(c), 0))]);
    }

    /// <inheritdoc/>
    public override string ToString() => _kind switch
    {
        Kind.Ratio => $"ratio {_ratio.ToString(CultureInfo.InvariantCulture)}",
        Kind.Counts => $"counts {{{string.Join(", ", _classes.Select(p => $"{p.Class}: {p.Count}"))}}}",
        Kind.Classes => $"classes [{string.Join(", ", _classes.Select(p => p.Class))}]",
        _ => _kind.ToString(),
    };

    internal void Write(BinaryWriter writer)
    {
        writer.Write((byte)_kind);
        writer.Write(_ratio);
        writer.Write(_classes.Count);
        foreach (var (label, count) in _classes)
        {
            switch (label)
            {
                case string s:
                    writer.Write((byte)1);
                    writer.Write(s);
                    break;
                case bool b:
                    writer.Write((byte)2);
                    writer.Write(b);
                    break;
                default:
                    writer.Write((byte)3);
                    writer.Write((double)label);
                    break;
            }

            writer.Write(count);
        }
    }

    internal static SamplingStrategy Read(BinaryReader reader)
    {
        var kind = (Kind)reader.ReadByte();
        double ratio = reader.ReadDouble();
        int count = reader.ReadInt32();
        if (count < 0 || !Enum.IsDefined(kind) || (kind == Kind.Ratio) != (ratio > 0 && ratio <= 1))
        {
            throw new FormatException($"The model holds an invalid sampling strategy (kind {(byte)kind}, ratio {ratio}, {count} classes).");
        }

        var classes = new List<(object, int)>(count);
        for (int i = 0; i < count; i++)
        {
            byte tag = reader.ReadByte();
            object label = tag switch
            {
                1 => reader.ReadString(),
                2 => reader.ReadBoolean(),
                3 => reader.ReadDouble(),
                _ => throw new FormatException($"The model's sampling strategy names a class of unknown kind {tag}."),
            };
            classes.Add((label, reader.ReadInt32()));
        }

        return new SamplingStrategy(kind, ratio, classes);
    }

    /// <summary>For an over-sampler: the number of rows to add to each class.</summary>
    internal int[] RowsToAdd(LabelClasses labels)
    {
        RequireClasses(labels);
        int[] counts = labels.Counts;
        int majority = labels.Majority;
        int[] add = new int[counts.Length];
        switch (_kind)
        {
            case Kind.Ratio:
                RequireTwo(labels);
                int grown = 1 - majority;
                add[grown] = (int)((counts[majority] * _ratio) - counts[grown]);
                return add[grown] > 0 ? add
                    : throw new ArgumentException($"Sampling ratio {_ratio.ToString(CultureInfo.InvariantCulture)} would leave class {labels.Describe(grown)} of label column '{labels.Column}' with {(int)(counts[majority] * _ratio)} rows against {counts[majority]}; an over-sampler must add rows, so raise the ratio.");
            case Kind.Counts:
                foreach (var (c, wanted) in Listed(labels))
                {
                    add[c] = wanted >= counts[c] ? wanted - counts[c]
                        : throw new ArgumentException($"The sampling strategy asks for {wanted} rows of class {labels.Describe(c)} of label column '{labels.Column}'; an over-sampler only adds rows.");
                }

                return add;
            case Kind.Majority or Kind.Classes:
                throw NotFor("over-samplers");
            default:
                foreach (int c in Chosen(labels, Kind.NotMajority))
                {
                    add[c] = counts[majority] - counts[c];
                }

                return add;
        }
    }

    /// <summary>For an under-sampler: the number of rows each class keeps, −1 for the classes left alone.</summary>
    internal int[] RowsToKeep(LabelClasses labels)
    {
        RequireClasses(labels);
        int[] counts = labels.Counts;
        int minority = labels.Minority;
        int[] keep = new int[counts.Length];
        Array.Fill(keep, -1);
        switch (_kind)
        {
            case Kind.Ratio:
                RequireTwo(labels);
                int shrunk = 1 - minority;
                keep[shrunk] = (int)(counts[minority] / _ratio);
                return keep[shrunk] <= counts[shrunk] ? keep
                    : throw new ArgumentException($"Sampling ratio {_ratio.ToString(CultureInfo.InvariantCulture)} would grow class {labels.Describe(shrunk)} of label column '{labels.Column}' to {keep[shrunk]} rows; an under-sampler only removes rows, so raise the ratio.");
            case Kind.Counts:
                foreach (var (c, wanted) in Listed(labels))
                {
                    keep[c] = wanted <= counts[c] ? wanted
                        : throw new ArgumentException($"The sampling strategy asks for {wanted} rows of class {labels.Describe(c)} of label column '{labels.Column}'; an under-sampler only removes rows.");
                }

                return keep;
            case Kind.Minority or Kind.Classes:
                throw NotFor("under-samplers");
            default:
                foreach (int c in Chosen(labels, Kind.NotMinority))
                {
                    keep[c] = counts[minority];
                }

                return keep;
        }
    }

    /// <summary>For a cleaning sampler: whether each class may lose rows.</summary>
    internal bool[] ClassesToClean(LabelClasses labels)
    {
        RequireClasses(labels);
        if (_kind is Kind.Ratio or Kind.Counts or Kind.Minority)
        {
            throw NotFor("cleaning samplers (name the classes to clean with SamplingStrategy.Classes)");
        }

        bool[] clean = new bool[labels.Counts.Length];
        foreach (int c in _kind == Kind.Classes ? _classes.Select(p => labels.Find(p.Class)) : Chosen(labels, Kind.NotMinority))
        {
            clean[c] = true;
        }

        return clean;
    }

    private static object Canonical(object label) => label switch
    {
        string or bool => label,
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal => Convert.ToDouble(label, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"A sampling strategy names classes by string, bool or number; {label.GetType().Name} was given.", nameof(label)),
    };

    private static void RequireClasses(LabelClasses labels)
    {
        if (labels.Counts.Length < 2)
        {
            throw new ArgumentException($"Label column '{labels.Column}' holds a single class, {labels.Describe(0)}; resampling needs at least two.");
        }
    }

    private static void RequireTwo(LabelClasses labels)
    {
        if (labels.Counts.Length != 2)
        {
            throw new ArgumentException($"A sampling ratio needs exactly two classes; label column '{labels.Column}' holds {labels.Counts.Length}. Give per-class counts instead.");
        }
    }

    private ArgumentException NotFor(string samplers) => new($"Sampling strategy {this} does not apply to {samplers}.");

    private IEnumerable<(int Class, int Count)> Listed(LabelClasses labels) => _classes.Select(p => (labels.Find(p.Class), p.Count));

    private IEnumerable<int> Chosen(LabelClasses labels, Kind auto)
    {
        int minority = labels.Minority, majority = labels.Majority;
        IEnumerable<int> all = Enumerable.Range(0, labels.Counts.Length);
        return (_kind == Kind.Auto ? auto : _kind) switch
        {
            Kind.Minority => [minority],
            Kind.Majority => [majority],
            Kind.NotMinority => all.Where(c => c != minority),
            Kind.NotMajority => all.Where(c => c != majority),
            _ => all,
        };
    }
}
