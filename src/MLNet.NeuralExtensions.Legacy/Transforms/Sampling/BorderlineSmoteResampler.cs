using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Borderline-SMOTE: only rows "in danger" seed new rows, those whose m nearest neighbours (over all classes) are at
/// least half but not all of other classes. Borderline-1 interpolates towards the seed's k nearest rows of its class;
/// Borderline-2 grows a Beta(10, 10) share of the rows so, and the rest towards the seed's k nearest rows of other
/// classes with steps in [0, ½), staying nearer the seed. A class with no row in danger gains no rows.
/// </summary>
internal sealed class BorderlineSmoteResampler : Resampler
{
    private readonly bool _second;
    private readonly int _k;
    private readonly int _m;

    public BorderlineSmoteResampler(bool second, int k, int m)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        _second = second;
        _k = k;
        _m = m;
    }

    public override string Name => _second ? "Borderline-SMOTE-2" : "Borderline-SMOTE-1";

    private protected override Kind AlgorithmKind => Kind.BorderlineSmote;

    public override ResamplingPlan Plan(LabelClasses labels, double[]? features, int width, SamplingStrategy strategy, Random random)
    {
        double[] x = features!;
        return OverSample(labels, width, strategy, _k, (c, rows, add, all, plan, row) =>
        {
            int[][] around = NearestNeighbors.Find(x, width, rows, all, _m);
            int[] danger = [.. rows.Where((r, i) =>
            {
                int others = around[i].Count(n => labels.ClassOfRow[n] != c);
                return others >= _m / 2.0 && others < _m;
            })];
            if (danger.Length == 0)
            {
                return;
            }

            int own = Math.Min(_second ? (int)(Beta10(random) * (add + 1)) : add, add);
            Grow(plan, x, width, danger, NearestNeighbors.Find(x, width, danger, rows, _k), own, 1.0, random, row);
            if (_second && add > own)
            {
                int[] other = [.. all.Where(r => labels.ClassOfRow[r] != c)];
                Grow(plan, x, width, danger, NearestNeighbors.Find(x, width, danger, other, _k), add - own, 0.5, random, row);
            }
        });
    }

    internal static BorderlineSmoteResampler Read(ModelLoadContext ctx)
    {
        bool second = ctx.Reader.ReadBoolean();
        int k = ctx.Reader.ReadInt32();
        return new BorderlineSmoteResampler(second, k, ctx.Reader.ReadInt32());
    }

    private protected override void WriteCore(BinaryWriter writer)
    {
        writer.Write(_second);
        writer.Write(_k);
        writer.Write(_m);
    }

    private static void Grow(ResamplingPlan plan, double[] x, int width, int[] seeds, int[][] neighbors, int count, double maximumStep, Random random, double[] row)
    {
        for (int i = 0; i < count; i++)
        {
            int s = random.Next(seeds.Length);
            int[] near = neighbors[s];
            int neighbor = near[random.Next(near.Length)];
            Interpolate(x.AsSpan(seeds[s] * width, width), x.AsSpan(neighbor * width, width), maximumStep * random.NextDouble(), row);
            plan.AddSynthetic(seeds[s], row);
        }
    }

    // Beta(10, 10) as G₁ / (G₁ + G₂) with Gamma(10) variables, each a sum of ten unit exponentials.
    private static double Beta10(Random random)
    {
        double Gamma10() => Enumerable.Range(0, 10).Sum(_ => -Math.Log(1 - random.NextDouble()));
        double a = Gamma10();
        return a / (a + Gamma10());
    }
}
