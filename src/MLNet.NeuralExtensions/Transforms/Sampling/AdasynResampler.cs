namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// ADASYN: like SMOTE, but each row of the class seeds a number of new rows proportional to h, the number of its k
/// nearest neighbours (over all classes) of other classes, so that the rows nearest the class border are grown most.
/// Row i seeds h_i / Σh · n rows rounded half to even, as imbalanced-learn rounds them (exactly, where imbalanced-learn's
/// floating point may tip an exact half either way), so the class may end a few rows off the strategy's target.
/// </summary>
internal sealed class AdasynResampler(int numberOfNeighbors) : NeighborOverSampler(numberOfNeighbors)
{
    /// <inheritdoc/>
    public override string Name => "ADASYN";

    private protected override Kind AlgorithmKind => Kind.Adasyn;

    private protected override void WriteParameters(BinaryWriter writer) => writer.Write(NumberOfNeighbors);

    private protected override void Grow(ClassToGrow target, ResamplingPlan.Builder plan, Random random)
    {
        int k = NumberOfNeighbors;
        int[] y = target.Labels.ClassOfRow;
        int[] hardness = [.. NearestNeighbors.Find(target.X, target.Width, target.Rows, target.AllRows, k).Select(n => n.Count(r => y[r] != target.Class))];
        long total = hardness.Sum();
        if (total == 0)
        {
            throw new ArgumentException($"ADASYN cannot grow class {target.Labels.Describe(target.Class)} of label column '{target.Labels.Column}': no row of it has a neighbour of another class among its {k} nearest, so there is no border to adapt to. Use SMOTE instead.");
        }

        int[] seeds = [.. hardness.Select(h => RoundHalfToEven((long)h * target.Add, total))];
        if (seeds.Sum() == 0)
        {
            throw new ArgumentException($"ADASYN cannot grow class {target.Labels.Describe(target.Class)} of label column '{target.Labels.Column}': the {target.Add} rows asked for, shared out by border closeness, round to none for every row. Use SMOTE, or ask for more rows.");
        }

        int[][] neighbors = NearestNeighbors.Find(target.X, target.Width, target.Rows, target.Rows, k);
        double[] row = new double[target.Width];
        for (int i = 0; i < target.Rows.Length; i++)
        {
            for (int j = 0; j < seeds[i]; j++)
            {
                int neighbor = neighbors[i][random.Next(k)];
                Interpolate(target.Features(target.Rows[i]), target.Features(neighbor), random.NextDouble(), row);
                plan.AddSynthetic(target.Rows[i], row);
            }
        }
    }

    /// <summary>numerator / denominator rounded half to even, exactly.</summary>
    private static int RoundHalfToEven(long numerator, long denominator)
    {
        long quotient = numerator / denominator, twice = 2 * (numerator % denominator);
        return (int)(twice > denominator || (twice == denominator && quotient % 2 == 1) ? quotient + 1 : quotient);
    }
}
