namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// ADASYN: like SMOTE, but each row of the class seeds a number of new rows proportional to the share of its k nearest
/// neighbours (over all classes) that belong to other classes, so that rows near the class border are grown most. The
/// per-row counts h_i / Σh · n are rounded half to even, as imbalanced-learn rounds them (but in exact arithmetic, where its
/// floating point may tip an exact half either way), so the total can differ slightly from the target.
/// </summary>
internal sealed class AdasynResampler : Resampler
{
    private readonly int _k;

    public AdasynResampler(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _k = k;
    }

    public override string Name => "ADASYN";

    private protected override Kind AlgorithmKind => Kind.Adasyn;

    public override ResamplingPlan Plan(LabelClasses labels, double[]? features, int width, SamplingStrategy strategy, Random random)
    {
        double[] x = features!;
        return OverSample(labels, width, strategy, _k, (c, rows, add, all, plan, row) =>
        {
            int[] hardness = [.. NearestNeighbors.Find(x, width, rows, all, _k).Select(n => n.Count(r => labels.ClassOfRow[r] != c))];
            long total = hardness.Sum();
            if (total == 0)
            {
                throw new InvalidOperationException($"ADASYN cannot resample class {labels.Describe(c)}: no row has a neighbour of another class among its {_k} nearest, so there is no border to adapt to. Use SMOTE instead.");
            }

            int[][] neighbors = NearestNeighbors.Find(x, width, rows, rows, _k);
            for (int i = 0; i < rows.Length; i++)
            {
                int count = RoundHalfToEven((long)hardness[i] * add, total);
                for (int j = 0; j < count; j++)
                {
                    int neighbor = neighbors[i][random.Next(neighbors[i].Length)];
                    Interpolate(x.AsSpan(rows[i] * width, width), x.AsSpan(neighbor * width, width), random.NextDouble(), row);
                    plan.AddSynthetic(rows[i], row);
                }
            }
        });
    }

    private protected override void WriteCore(BinaryWriter writer) => writer.Write(_k);

    /// <summary>numerator / denominator rounded half to even, exactly.</summary>
    private static int RoundHalfToEven(long numerator, long denominator)
    {
        long quotient = numerator / denominator, twice = 2 * (numerator % denominator);
        return (int)(twice > denominator || (twice == denominator && quotient % 2 == 1) ? quotient + 1 : quotient);
    }
}
