using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// scikit-learn's nan-euclidean distance from query rows to a fixed set of candidate rows. The distance lets rows with
/// missing values have neighbours: the squared differences over the slots present in both rows, scaled up by (all slots /
/// those present), so that d² = w / p · Σ (a − b)²; it is NaN when the rows share no present slot.
/// </summary>
/// <remarks>The candidates are kept in panels of eight rows, slot-major, so that one vector
/// operation advances that many distances, and four queries pass over each panel together so that their sums proceed
/// side by side; the panels are walked in tiles small enough to stay in the first-level cache while every query of a
/// block passes over them. Each lane adds the slots in order, as a scalar loop would.</remarks>
internal sealed class NanEuclideanDistances
{
    private const int TileBytes = 32 * 1024;
    private const int Group = 4;
    private static readonly int Lanes = Vector512<double>.Count;
    private readonly double[] _panels;
    private readonly int _width;
    private readonly bool _candidatesHaveMissing;

    /// <summary>Takes the rows <paramref name="rows"/> of row-major <paramref name="x"/> (<paramref name="width"/> slots
    /// per row) as the candidates, numbered in that order.</summary>
    public NanEuclideanDistances(double[] x, int width, ReadOnlySpan<int> rows)
    {
        _width = width;
        Count = rows.Length;
        int panels = (rows.Length + Lanes - 1) / Lanes;
        _panels = new double[panels * width * Lanes];
        for (int i = 0; i < rows.Length; i++)
        {
            ReadOnlySpan<double> row = x.AsSpan(rows[i] * width, width);
            int panel = i / Lanes * width * Lanes, lane = i % Lanes;
            for (int slot = 0; slot < width; slot++)
            {
                double v = row[slot];
                _panels[panel + (slot * Lanes) + lane] = v;
                _candidatesHaveMissing |= double.IsNaN(v);
            }
        }

    }

    /// <summary>Gets the number of candidate rows.</summary>
    public int Count { get; }

    /// <summary>Writes the distance from each row of <paramref name="queries"/> (row-major) to every candidate into
    /// <paramref name="result"/>, <see cref="Count"/> values per query, query after query.</summary>
    public void Compute(ReadOnlySpan<double> queries, Span<double> result)
    {
        int queryCount = queries.Length / _width;
        if (queryCount * Count > result.Length)
        {
            throw new ArgumentException($"The result holds {result.Length} distances; {queryCount} queries × {Count} candidates need more.", nameof(result));
        }

        int panelLength = _width * Lanes;
        int panels = _panels.Length / Math.Max(1, panelLength);
        int tile = Math.Max(1, TileBytes / sizeof(double) / Math.Max(1, panelLength));
        Span<Vector512<double>> group = stackalloc Vector512<double>[Group];
        Span<double> last = stackalloc double[Lanes];
        for (int first = 0; first < panels; first += tile)
        {
            int end = Math.Min(panels, first + tile);
            for (int q = 0; q < queryCount; q += Group)
            {
                // A short last group repeats its first query; the repeats' distances are not written.
                int members = Math.Min(Group, queryCount - q);
                ReadOnlySpan<double> q0 = Row(queries, q, q), q1 = Row(queries, q + 1, q), q2 = Row(queries, q + 2, q), q3 = Row(queries, q + 3, q);
                bool missing = _candidatesHaveMissing || HasNaN(queries.Slice(q * _width, members * _width));
                for (int p = first; p < end; p++)
                {
                    ReadOnlySpan<Vector512<double>> panel = MemoryMarshal.Cast<double, Vector512<double>>(_panels.AsSpan(p * panelLength, panelLength));
                    if (missing)
                    {
                        Partial(q0, q1, q2, q3, panel, group);
                    }
                    else
                    {
                        Complete(q0, q1, q2, q3, panel, group);
                    }

                    int at = p * Lanes;
                    for (int m = 0; m < members; m++)
                    {
                        Span<double> row = result.Slice((q + m) * Count, Count);
                        if (at + Lanes <= Count)
                        {
                            group[m].CopyTo(row[at..]);
                        }
                        else
                        {
                            group[m].CopyTo(last);
                            last[..(Count - at)].CopyTo(row[at..]);
                        }
                    }
                }
            }
        }
    }

    private ReadOnlySpan<double> Row(ReadOnlySpan<double> queries, int q, int fallback) =>
        queries.Slice((q * _width < queries.Length ? q : fallback) * _width, _width);

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Distances from four queries to one panel when no slot of the queries or the candidates is missing; the
    /// four running sums are independent, so their additions overlap.</summary>
    private void Complete(ReadOnlySpan<double> q0, ReadOnlySpan<double> q1, ReadOnlySpan<double> q2, ReadOnlySpan<double> q3,
        ReadOnlySpan<Vector512<double>> panel, Span<Vector512<double>> result)
    {
        Vector512<double> s0 = Vector512<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
        ref double a0 = ref MemoryMarshal.GetReference(q0), a1 = ref MemoryMarshal.GetReference(q1);
        ref double a2 = ref MemoryMarshal.GetReference(q2), a3 = ref MemoryMarshal.GetReference(q3);
        ref Vector512<double> column = ref MemoryMarshal.GetReference(panel);
        for (int slot = 0; slot < _width; slot++)
        {
            Vector512<double> c = Unsafe.Add(ref column, slot);
            Vector512<double> d0 = Vector512.Create(Unsafe.Add(ref a0, slot)) - c, d1 = Vector512.Create(Unsafe.Add(ref a1, slot)) - c;
            Vector512<double> d2 = Vector512.Create(Unsafe.Add(ref a2, slot)) - c, d3 = Vector512.Create(Unsafe.Add(ref a3, slot)) - c;
            s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
            s1 = Vector512.FusedMultiplyAdd(d1, d1, s1);
            s2 = Vector512.FusedMultiplyAdd(d2, d2, s2);
            s3 = Vector512.FusedMultiplyAdd(d3, d3, s3);
        }

        var width = Vector512.Create((double)_width);
        result[0] = Vector512.Sqrt(s0 * width / width);
        result[1] = Vector512.Sqrt(s1 * width / width);
        result[2] = Vector512.Sqrt(s2 * width / width);
        result[3] = Vector512.Sqrt(s3 * width / width);
    }

    /// <summary>Distances from four queries to one panel counting, per pair, the slots present in both rows.</summary>
    private void Partial(ReadOnlySpan<double> q0, ReadOnlySpan<double> q1, ReadOnlySpan<double> q2, ReadOnlySpan<double> q3,
        ReadOnlySpan<Vector512<double>> panel, Span<Vector512<double>> result)
    {
        Vector512<double> s0 = Vector512<double>.Zero, s1 = s0, s2 = s0, s3 = s0, p0 = s0, p1 = s0, p2 = s0, p3 = s0;
        for (int slot = 0; slot < _width; slot++)
        {
            Vector512<double> c = panel[slot];
            Accumulate(Vector512.Create(q0[slot]) - c, ref s0, ref p0);
            Accumulate(Vector512.Create(q1[slot]) - c, ref s1, ref p1);
            Accumulate(Vector512.Create(q2[slot]) - c, ref s2, ref p2);
            Accumulate(Vector512.Create(q3[slot]) - c, ref s3, ref p3);
        }

        var width = Vector512.Create((double)_width);
        result[0] = Vector512.Sqrt(s0 * width / p0);
        result[1] = Vector512.Sqrt(s1 * width / p1);
        result[2] = Vector512.Sqrt(s2 * width / p2);
        result[3] = Vector512.Sqrt(s3 * width / p3);
    }

    /// <summary>Adds d² to the sum and 1 to the count in the lanes where d is a number (both slots present).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector512<double> d, ref Vector512<double> sum, ref Vector512<double> present)
    {
        Vector512<double> both = Vector512.Equals(d, d);
        Vector512<double> kept = Vector512.ConditionalSelect(both, d, Vector512<double>.Zero);
        sum = Vector512.FusedMultiplyAdd(kept, kept, sum);
        present += Vector512.ConditionalSelect(both, Vector512<double>.One, Vector512<double>.Zero);
    }
}
