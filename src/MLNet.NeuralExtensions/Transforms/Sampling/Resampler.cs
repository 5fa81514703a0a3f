namespace MLNet.NeuralExtensions.Transforms;

/// <summary>One resampling algorithm: from the classes, the features and the strategy, it plans the output rows.</summary>
internal abstract class Resampler
{
    /// <summary>The algorithms, as saved in model files.</summary>
    private protected enum Kind : byte
    {
        RandomOver = 1,
        RandomUnder = 2,
        Smote = 3,
        BorderlineSmote = 4,
        Adasyn = 5,
        TomekLinks = 6,
    }

    /// <summary>Gets a value indicating whether the algorithm reads the feature column (the random samplers do not).</summary>
    public virtual bool NeedsFeatures => true;

    /// <summary>Gets a name for messages.</summary>
    public abstract string Name { get; }

    private protected abstract Kind AlgorithmKind { get; }

    /// <summary>Reads an algorithm written by <see cref="Write"/>.</summary>
    public static Resampler Read(BinaryReader reader)
    {
        var kind = (Kind)reader.ReadByte();
        return kind switch
        {
            Kind.RandomOver => new RandomOverResampler(),
            Kind.RandomUnder => new RandomUnderResampler(reader.ReadBoolean()),
            Kind.Smote => SmoteResampler.ReadParameters(reader),
            Kind.BorderlineSmote => BorderlineSmoteResampler.ReadParameters(reader),
            Kind.Adasyn => new AdasynResampler(reader.ReadInt32()),
            Kind.TomekLinks => new TomekLinksResampler(),
            _ => throw new FormatException($"The model holds an unknown resampling algorithm {(byte)kind}."),
        };
    }

    /// <summary>Plans the output rows. <paramref name="x"/> holds the features row-major, <paramref name="width"/> finite
    /// values per row, or is empty when the algorithm needs none.</summary>
    public abstract ResamplingPlan Plan(LabelClasses labels, double[] x, int width, SamplingStrategy strategy, Random random);

    /// <summary>Writes the algorithm and its parameters.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write((byte)AlgorithmKind);
        WriteParameters(writer);
    }

    /// <summary>The rows of each class, in data order.</summary>
    private protected static int[][] RowsByClass(LabelClasses labels)
    {
        var rows = labels.Counts.Select(c => new List<int>(c)).ToArray();
        for (int r = 0; r < labels.ClassOfRow.Length; r++)
        {
            rows[labels.ClassOfRow[r]].Add(r);
        }

        return [.. rows.Select(r => r.ToArray())];
    }

    /// <summary>Writes seed + step · (neighbour − seed) into <paramref name="result"/>.</summary>
    private protected static void Interpolate(ReadOnlySpan<double> seed, ReadOnlySpan<double> neighbour, double step, Span<double> result)
    {
        for (int i = 0; i < seed.Length; i++)
        {
            result[i] = seed[i] + (step * (neighbour[i] - seed[i]));
        }
    }

    /// <summary>Writes the algorithm's parameters (none by default).</summary>
    private protected virtual void WriteParameters(BinaryWriter writer)
    {
    }

    /// <summary>Throws unless class <paramref name="c"/> has more than <paramref name="k"/> rows, which a k-neighbour
    /// method needs.</summary>
    private protected void RequireNeighbors(LabelClasses labels, int c, int k, string parameter)
    {
        if (labels.Counts[c] <= k)
        {
            throw new ArgumentException($"{Name} cannot grow class {labels.Describe(c)} of label column '{labels.Column}': it needs more rows than {parameter} = {k}. Lower {parameter} or leave the class out of the sampling strategy.");
        }
    }
}
