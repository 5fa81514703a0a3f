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

        if (queryCount == 1)
        {
            ComputeOne(queries, result);
            return;
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
                        Partial(q0, q1, q2, q3, panel, panel, panel, panel, group);
                    }
                    else
                    {
                        Complete(q0, q1, q2, q3, panel, panel, panel, panel, group);
                    }

                    for (int m = 0; m < members; m++)
                    {
                        Store(group[m], result.Slice((q + m) * Count, Count), p * Lanes, last);
                    }
                }
            }
        }
    }

    /// <summary>The distances from one query (a row scored on its own): four panels at a time, so that four sums
    /// proceed side by side as four queries' do; each lane's arithmetic is the grouped one's.</summary>
    private void ComputeOne(ReadOnlySpan<double> query, Span<double> result)
    {
        int panelLength = _width * Lanes;
        int panels = _panels.Length / Math.Max(1, panelLength);
        bool missing = _candidatesHaveMissing || HasNaN(query);
        Span<Vector512<double>> group = stackalloc Vector512<double>[Group];
        Span<double> last = stackalloc double[Lanes];
        for (int p = 0; p < panels; p += Group)
        {
            // A short last group repeats its first panel; the repeats' distances are not written.
            int members = Math.Min(Group, panels - p);
            ReadOnlySpan<Vector512<double>> c0 = Panel(p, p, panelLength), c1 = Panel(p + 1, p, panelLength);
            ReadOnlySpan<Vector512<double>> c2 = Panel(p + 2, p, panelLength), c3 = Panel(p + 3, p, panelLength);
            if (missing)
            {
                Partial(query, query, query, query, c0, c1, c2, c3, group);
            }
            else
            {
                Complete(query, query, query, query, c0, c1, c2, c3, group);
            }

            for (int m = 0; m < members; m++)
            {
                Store(group[m], result, (p + m) * Lanes, last);
            }
        }
    }

    private ReadOnlySpan<Vector512<double>> Panel(int p, int fallback, int panelLength) =>
        MemoryMarshal.Cast<double, Vector512<double>>(_panels.AsSpan((p * panelLength < _panels.Length ? p : fallback) * panelLength, panelLength));

    /// <summary>Writes the distances of one panel (candidates <paramref name="at"/> onwards) into <paramref name="row"/>,
    /// the lanes past the last candidate left out.</summary>
    private void Store(Vector512<double> distances, Span<double> row, int at, Span<double> last)
    {
        if (at + Lanes <= Count)
        {
            distances.CopyTo(row[at..]);
        }
        else
        {
            distances.CopyTo(last);
            last[..(Count - at)].CopyTo(row[at..]);
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



    /// <summary>The distances of four (query, panel) pairs when no slot of them is missing: four queries to one panel,
    /// or one query to four panels. The four running sums are independent, so their additions overlap.</summary>
    private void Complete(ReadOnlySpan<double> q0, ReadOnlySpan<double> q1, ReadOnlySpan<double> q2, ReadOnlySpan<double> q3,
        ReadOnlySpan<Vector512<double>> c0, ReadOnlySpan<Vector512<double>> c1, ReadOnlySpan<Vector512<double>> c2, ReadOnlySpan<Vector512<double>> c3,
        Span<Vector512<double>> result)
    {
        Vector512<double> s0 = Vector512<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
        ref double a0 = ref MemoryMarshal.GetReference(q0), a1 = ref MemoryMarshal.GetReference(q1);
        ref double a2 = ref MemoryMarshal.GetReference(q2), a3 = ref MemoryMarshal.GetReference(q3);
        ref Vector512<double> b0 = ref MemoryMarshal.GetReference(c0), b1 = ref MemoryMarshal.GetReference(c1);
        ref Vector512<double> b2 = ref MemoryMarshal.GetReference(c2), b3 = ref MemoryMarshal.GetReference(c3);
        for (int slot = 0; slot < _width; slot++)
        {
            Vector512<double> d0 = Vector512.Create(Unsafe.Add(ref a0, slot)) - Unsafe.Add(ref b0, slot);
            Vector512<double> d1 = Vector512.Create(Unsafe.Add(ref a1, slot)) - Unsafe.Add(ref b1, slot);
            Vector512<double> d2 = Vector512.Create(Unsafe.Add(ref a2, slot)) - Unsafe.Add(ref b2, slot);
            Vector512<double> d3 = Vector512.Create(Unsafe.Add(ref a3, slot)) - Unsafe.Add(ref b3, slot);
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

    /// <summary>The distances of four (query, panel) pairs counting, per pair, the slots present in both rows.</summary>
    private void Partial(ReadOnlySpan<double> q0, ReadOnlySpan<double> q1, ReadOnlySpan<double> q2, ReadOnlySpan<double> q3,
        ReadOnlySpan<Vector512<double>> c0, ReadOnlySpan<Vector512<double>> c1, ReadOnlySpan<Vector512<double>> c2, ReadOnlySpan<Vector512<double>> c3,
        Span<Vector512<double>> result)
    {
        Vector512<double> s0 = Vector512<double>.Zero, s1 = s0, s2 = s0, s3 = s0, p0 = s0, p1 = s0, p2 = s0, p3 = s0;
        for (int slot = 0; slot < _width; slot++)
        {
            Accumulate(Vector512.Create(q0[slot]) - c0[slot], ref s0, ref p0);
            Accumulate(Vector512.Create(q1[slot]) - c1[slot], ref s1, ref p1);
            Accumulate(Vector512.Create(q2[slot]) - c2[slot], ref s2, ref p2);
            Accumulate(Vector512.Create(q3[slot]) - c3[slot], ref s3, ref p3);
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
