using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// SMOTE: each synthetic row lies on the segment between a random row of the class and one of its k nearest
/// neighbours in the class. With categorical slots (SMOTE-NC) those slots are not interpolated but take the most
/// frequent value among the seed's k neighbours, and a differing category adds the median of the class's numeric
/// standard deviations, squared, to the squared distance.
/// </summary>
internal sealed class SmoteResampler : Resampler
{
    private readonly int _k;
    private readonly int[] _categoricalSlots;

    public SmoteResampler(int k, int[] categoricalSlots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _k = k;
        _categoricalSlots = categoricalSlots;
    }

    public override string Name => _categoricalSlots.Length == 0 ? "SMOTE" : "SMOTE-NC";

    private protected override Kind AlgorithmKind => Kind.Smote;

    public override ResamplingPlan Plan(LabelClasses labels, double[]? features, int width, SamplingStrategy strategy, Random random)
    {
        double[] x = features!;
        if (_categoricalSlots.Any(s => s >= width) || (_categoricalSlots.Length > 0 && _categoricalSlots.Length >= width))
        {
            throw new ArgumentException($"SMOTE-NC's categorical slots [{string.Join(", ", _categoricalSlots)}] must lie within the {width} feature slots and leave at least one numeric slot.");
        }

        return OverSample(labels, width, strategy, _k, (c, rows, add, all, plan, row) =>
        {
            int[][] neighbors = NearestNeighbors.Find(x, width, rows, rows, _k, Distance(x, width, rows));
            for (int i = 0; i < add; i++)
            {
                int pick = random.Next(rows.Length * _k);
                int seed = rows[pick / _k];
                int neighbor = neighbors[pick / _k][pick % _k];
                Interpolate(x.AsSpan(seed * width, width), x.AsSpan(neighbor * width, width), random.NextDouble(), row);
                foreach (int slot in _categoricalSlots)
                {
                    row[slot] = MostFrequent(x, width, slot, neighbors[pick / _k], x[(seed * width) + slot]);
                }

                plan.AddSynthetic(seed, row);
            }
        });
    }

    internal static SmoteResampler Read(ModelLoadContext ctx)
    {
        int k = ctx.Reader.ReadInt32();
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "categorical slots");
        return new SmoteResampler(k, [.. Enumerable.Range(0, count).Select(_ => ctx.Reader.ReadInt32())]);
    }

    private protected override void WriteCore(BinaryWriter writer)
    {
        writer.Write(_k);
        writer.Write(_categoricalSlots.Length);
        foreach (int slot in _categoricalSlots)
        {
            writer.Write(slot);
        }
    }

    private static double MostFrequent(double[] x, int width, int slot, int[] rows, double fallback)
    {
        var counts = new Dictionary<double, int>();
        double best = fallback;
        int bestCount = 0;
        foreach (int r in rows)
        {
            double v = x[(r * width) + slot];
            if (double.IsNaN(v))
            {
                continue;
            }

            int n = counts[v] = counts.GetValueOrDefault(v) + 1;
            if (n > bestCount)
            {
                best = v;
                bestCount = n;
            }
        }

        return best;
    }

    private Func<int, int, double>? Distance(double[] x, int width, int[] rows)
    {
        if (_categoricalSlots.Length == 0)
        {
            return null;
        }

        bool[] categorical = new bool[width];
        foreach (int slot in _categoricalSlots)
        {
            categorical[slot] = true;
        }

        var deviations = new List<double>();
        for (int slot = 0; slot < width; slot++)
        {
            if (!categorical[slot])
            {
                var statistics = new SlotStatistics(1, keepValues: false);
                foreach (int r in rows)
                {
                    statistics.Add(0, x[(r * width) + slot]);
                }

                deviations.Add(Math.Sqrt(statistics.Variance(0)));
            }
        }

        deviations.Sort();
        int m = deviations.Count;
        double median = m % 2 == 1 ? deviations[m / 2] : (deviations[(m / 2) - 1] + deviations[m / 2]) / 2;
        double penalty = median * median;
        return (a, b) =>
        {
            double sum = 0;
            for (int slot = 0; slot < width; slot++)
            {
                double u = x[(a * width) + slot], v = x[(b * width) + slot];
                if (categorical[slot])
                {
                    sum += u.Equals(v) ? 0 : penalty;
                }
                else if (!double.IsNaN(u - v))
                {
                    sum += (u - v) * (u - v);
                }
            }

            return Math.Sqrt(sum);
        };
    }
}
