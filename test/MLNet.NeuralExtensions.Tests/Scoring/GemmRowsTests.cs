using MLNet.NeuralExtensions.Engine.Kernels;

namespace MLNet.NeuralExtensions.Tests.Scoring;

/// <summary>Engine tests (here until the engine's own test project exists): the few-row products of
/// <see cref="Gemm"/> skip the packing but must sum exactly as the packed kernels do.</summary>
[TestClass]
public sealed class GemmRowsTests
{
    [TestMethod]
    [DataRow(2, 7, false, false)]
    [DataRow(30, 100, false, false)]
    [DataRow(64, 256, false, true)]
    [DataRow(100, 2, true, false)]
    [DataRow(9, 3, true, true)]
    [DataRow(700, 65, false, false)]
    [DataRow(1100, 130, true, true)]
    [DataRow(5, 64, false, false)]
    public void FewRowsGiveThePackedPathsResultsBitForBit(int k, int n, bool transposeA, bool accumulate)
    {
        Assert.IsTrue(GemmRows.IsSupported, "this machine has no vector fused multiply-add; the few-row path is never taken");
        const int m = 2 * GemmRows.MaxRows + 3;
        var random = new Random(k + n);
        float[] a = Values(random, m * k), b = Values(random, k * n), start = Values(random, m * n);
        float[] packed = (float[])start.Clone();
        Gemm.Multiply(transposeA, false, m, n, k, a, b, packed, accumulate, maxThreads: 1);
        foreach (int rows in (int[])[1, 2, GemmRows.MaxRows])
        {
            for (int first = 0; first + rows <= m; first += rows)
            {
                float[] part = RowsOf(a, transposeA, m, k, first, rows);
                float[] c = start.AsSpan(first * n, rows * n).ToArray();
                Gemm.Multiply(transposeA, false, rows, n, k, part, b, c, accumulate, maxThreads: 1);
                CollectionAssert.AreEqual(packed.AsSpan(first * n, rows * n).ToArray(), c, $"rows {first}..{first + rows - 1} of {m}, k={k}, n={n}");
            }
        }
    }

    [TestMethod]
    [DataRow(100)]
    [DataRow(1030)]
    public void OneColumnOfRowsIsADotProductEqualToThePackedPathsToRounding(int k)
    {
        const int m = 9;
        var random = new Random(k);
        float[] a = Values(random, m * k), b = Values(random, k);
        var packed = new float[m];
        Gemm.Multiply(false, false, m, 1, k, a, b, packed, accumulate: false, maxThreads: 1);
        for (int row = 0; row < m; row++)
        {
            var c = new float[1];
            Gemm.Multiply(false, false, 1, 1, k, a.AsSpan(row * k, k), b, c, accumulate: false, maxThreads: 1);
            double exact = 0;
            for (int p = 0; p < k; p++)
            {
                exact += (double)a[(row * k) + p] * b[p];
            }

            Assert.AreEqual(packed[row], c[0], 1e-5 * Math.Sqrt(k), $"row {row}");
            Assert.AreEqual(exact, c[0], 1e-5 * Math.Sqrt(k), $"row {row} against the double-precision sum");
        }
    }

    // Rows first..first+rows-1 of op(A), laid out as A is (k × rows when transposed).
    private static float[] RowsOf(float[] a, bool transposeA, int m, int k, int first, int rows)
    {
        if (!transposeA)
        {
            return a.AsSpan(first * k, rows * k).ToArray();
        }

        var part = new float[k * rows];
        for (int p = 0; p < k; p++)
        {
            a.AsSpan((p * m) + first, rows).CopyTo(part.AsSpan(p * rows, rows));
        }

        return part;
    }

    private static float[] Values(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => (2 * random.NextSingle()) - 1)];
}
