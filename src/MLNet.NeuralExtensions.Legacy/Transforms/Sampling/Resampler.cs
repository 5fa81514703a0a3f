using MLNet.NeuralExtensions.Persistence;

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

    /// <summary>Whether the algorithm reads the feature column (the random samplers do not).</summary>
    public virtual bool NeedsFeatures => true;

    /// <summary>A name for messages.</summary>
    public abstract string Name { get; }

    private protected abstract Kind AlgorithmKind { get; }

    /// <summary>Plans the output rows; <paramref name="features"/> is row-major of <paramref name="width"/> slots, or null.</summary>
    public abstract ResamplingPlan Plan(LabelClasses labels, double[]? features, int width, SamplingStrategy strategy, Random random);

    public void Write(BinaryWriter writer)
    {
        writer.Write((byte)AlgorithmKind);
        WriteCore(writer);
    }

    public static Resampler Load(ModelLoadContext ctx)
    {
        var kind = (Kind)ctx.Reader.ReadByte();
        return kind switch
        {
            Kind.RandomOver => new RandomOverResampler(),
            Kind.RandomUnder => new RandomUnderResampler(ctx.Reader.ReadBoolean()),
            Kind.Smote => SmoteResampler.Read(ctx),
            Kind.BorderlineSmote => BorderlineSmoteResampler.Read(ctx),
            Kind.Adasyn => new AdasynResampler(ctx.Reader.ReadInt32()),
            Kind.TomekLinks => new TomekLinksResampler(),
            _ => throw ctx.Error($"unknown resampling algorithm {(byte)kind}."),
        };
    }

    private protected virtual void WriteCore(BinaryWriter writer)
    {
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

    /// <summary>The skeleton of the neighbour-based over-samplers: keeps every row, then lets <paramref name="growClass"/>
    /// add rows to each class the strategy grows (given the class, its rows, how many to add, every row index, the
    /// plan and a scratch row), after checking the class has more rows than <paramref name="k"/>.</summary>
    private protected ResamplingPlan OverSample(LabelClasses labels, int width, SamplingStrategy strategy, int k, Action<int, int[], int, int[], ResamplingPlan, double[]> growClass)
    {
        int[] add = strategy.RowsToAdd(labels);
        int[][] byClass = RowsByClass(labels);
        int[] all = [.. Enumerable.Range(0, labels.ClassOfRow.Length)];
        var plan = ResamplingPlan.KeepAll(all.Length, width);
        double[] row = new double[width];
        for (int c = 0; c < add.Length; c++)
        {
            if (add[c] > 0)
            {
                RequireNeighbors(labels, c, k, "numberOfNeighbors");
                growClass(c, byClass[c], add[c], all, plan, row);
            }
        }

        return plan;
    }

    /// <summary>Throws unless class <paramref name="c"/> has more than <paramref name="k"/> rows, which a k-neighbour method needs.</summary>
    private protected void RequireNeighbors(LabelClasses labels, int c, int k, string parameter)
    {
        if (labels.Counts[c] <= k)
        {
            throw new ArgumentException($"{Name} cannot resample class {labels.Describe(c)}: it needs more rows than {parameter} = {k}. Lower {parameter} or leave the class out of the sampling strategy.");
        }
    }

    /// <summary>Writes seed + step · (neighbour − seed) into <paramref name="result"/>. A slot missing in the seed stays
    /// missing; a slot missing only in the neighbour takes the seed's value.</summary>
    private protected static void Interpolate(ReadOnlySpan<double> seed, ReadOnlySpan<double> neighbour, double step, Span<double> result)
    {
        for (int i = 0; i < seed.Length; i++)
        {
            result[i] = double.IsNaN(neighbour[i]) ? seed[i] : seed[i] + (step * (neighbour[i] - seed[i]));
        }
    }
}
