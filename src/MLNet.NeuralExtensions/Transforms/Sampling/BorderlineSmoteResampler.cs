namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Borderline-SMOTE: only rows "in danger" seed new rows, those whose m nearest neighbours (over all classes) are at
/// least half but not all of other classes; a class with no such row gains none. Borderline-1 interpolates towards
/// the seed's k nearest rows of its class. Borderline-2 grows a share f ~ Beta(10, 10) of the rows so, and the rest
/// towards the seed's k nearest rows of other classes with steps in [0, ½). It adds exactly the rows the strategy asks
/// for (imbalanced-learn 0.10 adds ⌊f·(n + 1)⌋ + ⌊(1 − f)·n⌋, one short of n for some draws, and takes the second
/// part's neighbours at the positions of the same-class ones).
/// </summary>
internal sealed class BorderlineSmoteResampler : NeighborOverSampler
{
    private readonly BorderlineSmoteKind _kind;
    private readonly int _dangerNeighbors;

    public BorderlineSmoteResampler(BorderlineSmoteKind kind, int numberOfNeighbors, int numberOfDangerNeighbors)
        : base(numberOfNeighbors)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Borderline-SMOTE is Borderline1 or Borderline2.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfDangerNeighbors, 1);
        _kind = kind;
        _dangerNeighbors = numberOfDangerNeighbors;
    }

    /// <inheritdoc/>
    public override string Name => _kind == BorderlineSmoteKind.Borderline1 ? "Borderline-SMOTE-1" : "Borderline-SMOTE-2";

    private protected override Kind AlgorithmKind => Kind.BorderlineSmote;

    internal static BorderlineSmoteResampler ReadParameters(BinaryReader reader)
    {
        var kind = (BorderlineSmoteKind)reader.ReadByte();
        int k = reader.ReadInt32();
        return new BorderlineSmoteResampler(kind, k, reader.ReadInt32());
    }

    private protected override void WriteParameters(BinaryWriter writer)
    {
        writer.Write((byte)_kind);
        writer.Write(NumberOfNeighbors);
        writer.Write(_dangerNeighbors);
    }

    private protected override void Grow(ClassToGrow target, ResamplingPlan.Builder plan, Random random)
    {
        int[] y = target.Labels.ClassOfRow;
        int[] all = target.AllRows;
        int m = _dangerNeighbors;
        if (y.Length <= m)
        {
            throw new ArgumentException($"{Name} needs more rows than numberOfDangerNeighbors = {m}; the data has {y.Length}.");
        }

        int[][] around = NearestNeighbors.Find(target.X, target.Width, target.Rows, all, m);
        int[] danger = [.. target.Rows.Where((_, i) =>
        {
            int others = around[i].Count(n => y[n] != target.Class);
            return others >= m / 2.0 && others < m;
        })];
        if (danger.Length == 0)
        {
            return;
        }

        int own = _kind == BorderlineSmoteKind.Borderline1 ? target.Add : Math.Min((int)(Beta10(random) * (target.Add + 1)), target.Add);
        int k = NumberOfNeighbors;
        GrowTowards(target, plan, danger, NearestNeighbors.Find(target.X, target.Width, danger, target.Rows, k), own, 1.0, random);
        if (own < target.Add)
        {
            int[] others = [.. all.Where(r => y[r] != target.Class)];
            GrowTowards(target, plan, danger, NearestNeighbors.Find(target.X, target.Width, danger, others, k), target.Add - own, 0.5, random);
        }
    }

    private static void GrowTowards(ClassToGrow target, ResamplingPlan.Builder plan, int[] seeds, int[][] neighbors, int count, double maximumStep, Random random)
    {
        double[] row = new double[target.Width];
        for (int i = 0; i < count; i++)
        {
            int s = random.Next(seeds.Length);
            int[] near = neighbors[s];
            Interpolate(target.Features(seeds[s]), target.Features(near[random.Next(near.Length)]), maximumStep * random.NextDouble(), row);
            plan.AddSynthetic(seeds[s], row);
        }
    }

    /// <summary>Beta(10, 10) as G₁ / (G₁ + G₂), each a Gamma(10) variable drawn as a sum of ten unit exponentials.</summary>
    private static double Beta10(Random random)
    {
        double Gamma10() => Enumerable.Range(0, 10).Sum(_ => -Math.Log(1 - random.NextDouble()));
        double a = Gamma10();
        return a / (a + Gamma10());
    }
}
