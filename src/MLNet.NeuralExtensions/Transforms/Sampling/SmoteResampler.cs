namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// SMOTE: each synthetic row lies on the segment between a row of the class, drawn at random, and one of its k nearest
/// neighbours in the class, at a uniform random position. With categorical slots (SMOTE-NC), those slots are not
/// interpolated but take the value most frequent among the seed's k neighbours (ties drawn at random), and distances
/// count a differing category as imbalanced-learn's one-hot encoding does: m² / 2 added to the squared distance, m the
/// median standard deviation of the numeric slots over the rows of the smallest class.
/// </summary>
internal sealed class SmoteResampler : NeighborOverSampler
{
    private readonly int[] _categoricalSlots;

    public SmoteResampler(int numberOfNeighbors, int[] categoricalSlots)
        : base(numberOfNeighbors)
    {
        _categoricalSlots = categoricalSlots;
    }

    /// <inheritdoc/>
    public override string Name => _categoricalSlots.Length == 0 ? "SMOTE" : "SMOTE-NC";

    private protected override Kind AlgorithmKind => Kind.Smote;

    internal static SmoteResampler ReadParameters(BinaryReader reader)
    {
        int k = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (count < 0)
        {
            throw new FormatException($"The model's SMOTE-NC lists {count} categorical slots.");
        }

        return new SmoteResampler(k, [.. Enumerable.Range(0, count).Select(_ => reader.ReadInt32())]);
    }

    private protected override void WriteParameters(BinaryWriter writer)
    {
        writer.Write(NumberOfNeighbors);
        writer.Write(_categoricalSlots.Length);
        foreach (int slot in _categoricalSlots)
        {
            writer.Write(slot);
        }
    }

    private protected override void CheckWidth(int width)
    {
        if (_categoricalSlots.Any(s => s >= width) || (_categoricalSlots.Length > 0 && _categoricalSlots.Length >= width))
        {
            throw new ArgumentException($"SMOTE-NC's categorical slots [{string.Join(", ", _categoricalSlots)}] must lie within the {width} feature slots and leave at least one numeric slot.");
        }
    }

    private protected override void Grow(ClassToGrow target, ResamplingPlan.Builder plan, Random random)
    {
        int k = NumberOfNeighbors;
        int[] rows = target.Rows;
        int[][] neighbors = NearestNeighbors.Find(target.X, target.Width, rows, rows, k, Distance(target));
        double[] row = new double[target.Width];
        for (int i = 0; i < target.Add; i++)
        {
            int pick = random.Next(rows.Length * k);
            int[] near = neighbors[pick / k];
            int seed = rows[pick / k];
            Interpolate(target.Features(seed), target.Features(near[pick % k]), random.NextDouble(), row);
            foreach (int slot in _categoricalSlots)
            {
                row[slot] = MostFrequent(target, slot, near, random);
            }

            plan.AddSynthetic(seed, row);
        }
    }

    private static double MostFrequent(ClassToGrow target, int slot, int[] rows, Random random)
    {
        var counts = new Dictionary<double, int>();
        foreach (int r in rows)
        {
            double v = target.X[(r * target.Width) + slot];
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }

        int most = counts.Values.Max();
        double[] tied = [.. counts.Where(p => p.Value == most).Select(p => p.Key).Order()];
        return tied.Length == 1 ? tied[0] : tied[random.Next(tied.Length)];
    }

    private Func<int, int, double>? Distance(ClassToGrow target)
    {
        if (_categoricalSlots.Length == 0)
        {
            return null;
        }

        int width = target.Width;
        double[] x = target.X;
        bool[] categorical = new bool[width];
        foreach (int slot in _categoricalSlots)
        {
            categorical[slot] = true;
        }

        double penalty = MedianDeviation(target, categorical);
        penalty = penalty * penalty / 2;
        return (a, b) =>
        {
            double sum = 0;
            for (int slot = 0; slot < width; slot++)
            {
                double u = x[(a * width) + slot], v = x[(b * width) + slot];
                sum += categorical[slot] ? (u == v ? 0 : penalty) : (u - v) * (u - v);
            }

            return Math.Sqrt(sum);
        };
    }

    /// <summary>The median over the numeric slots of their standard deviation (population) over the rows of the
    /// smallest class, ties going to the class seen first in the data, as imbalanced-learn's SMOTE-NC takes it.</summary>
    private static double MedianDeviation(ClassToGrow target, bool[] categorical)
    {
        LabelClasses labels = target.Labels;
        int smallest = Enumerable.Range(0, labels.Counts.Length).Where(c => labels.Counts[c] == labels.Counts.Min()).MinBy(c => labels.FirstRow[c]);
        int[] rows = [.. Enumerable.Range(0, labels.ClassOfRow.Length).Where(r => labels.ClassOfRow[r] == smallest)];
        var deviations = new List<double>();
        for (int slot = 0; slot < target.Width; slot++)
        {
            if (!categorical[slot])
            {
                double mean = rows.Average(r => target.X[(r * target.Width) + slot]);
                deviations.Add(Math.Sqrt(rows.Average(r => Math.Pow(target.X[(r * target.Width) + slot] - mean, 2))));
            }
        }

        deviations.Sort();
        int m = deviations.Count;
        return m % 2 == 1 ? deviations[m / 2] : (deviations[(m / 2) - 1] + deviations[m / 2]) / 2;
    }
}
