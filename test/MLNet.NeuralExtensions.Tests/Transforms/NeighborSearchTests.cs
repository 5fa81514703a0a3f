using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests.Transforms;

/// <summary>The vectorized nan-euclidean distances and the nearest-neighbour selection against plain loops.</summary>
[TestClass]
public sealed class NeighborSearchTests
{
    [TestMethod]
    [DataRow(1, 1, 1, 0.0)]
    [DataRow(7, 3, 5, 0.0)]
    [DataRow(37, 11, 13, 0.0)]
    [DataRow(37, 11, 13, 0.3)]
    [DataRow(300, 30, 21, 0.1)]
    [DataRow(17, 2, 9, 0.7)]
    public void DistancesEqualTheDefinitionForAnyCountsAndMissingShare(int candidates, int width, int queries, double missing)
    {
        var random = new Random(candidates + width);
        double[] x = Matrix(random, candidates, width, missing);
        double[] q = Matrix(random, queries, width, missing);
        int[] rows = [.. Enumerable.Range(0, candidates).Reverse()];
        var distances = new NanEuclideanDistances(x, width, rows);
        double[] result = new double[queries * candidates];
        distances.Compute(q, result);
        for (int i = 0; i < queries; i++)
        {
            for (int j = 0; j < candidates; j++)
            {
                double expected = Definition(q.AsSpan(i * width, width), x.AsSpan(rows[j] * width, width));
                double actual = result[(i * candidates) + j];
                if (double.IsNaN(expected))
                {
                    Assert.IsTrue(double.IsNaN(actual), $"query {i}, candidate {j}: rows sharing no present slot are at NaN distance, got {actual}");
                }
                else
                {
                    Assert.AreEqual(expected, actual, 1e-12 * (1 + expected), $"query {i}, candidate {j}");
                }
            }
        }
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.2)]
    public void OneQueryAtATimeGivesTheGroupedDistancesBitForBit(double missing)
    {
        // 43 candidates: five panels of eight and a short one, so the single-query path's last group of four panels is
        // short too.
        var random = new Random(7);
        double[] x = Matrix(random, 43, 6, missing), q = Matrix(random, 9, 6, missing);
        var distances = new NanEuclideanDistances(x, 6, [.. Enumerable.Range(0, 43)]);
        double[] grouped = new double[9 * 43], single = new double[43];
        distances.Compute(q, grouped);
        for (int i = 0; i < 9; i++)
        {
            distances.Compute(q.AsSpan(i * 6, 6), single);
            CollectionAssert.AreEqual(grouped[(i * 43)..((i + 1) * 43)], single, $"query {i}");
        }
    }

    [TestMethod]
    public void DistancesAreNaNOnlyWhereNoSlotIsShared()
    {
        double[] x = [1, double.NaN, double.NaN, 2];
        var distances = new NanEuclideanDistances(x, 2, [0, 1]);
        double[] result = new double[2];
        distances.Compute([double.NaN, 5], result);
        Assert.IsTrue(double.IsNaN(result[0]), "the query has only slot 1, candidate 0 only slot 0");
        Assert.AreEqual(Math.Sqrt(2 * 9.0), result[1], 1e-12, "one shared slot of two scales (5 − 2)² by 2");
    }

    [TestMethod]
    public void DistancesRejectAResultTooSmall()
    {
        var distances = new NanEuclideanDistances(new double[6], 2, [0, 1, 2]);
        var error = Assert.ThrowsExactly<ArgumentException>(() => distances.Compute(new double[4], new double[5]));
        StringAssert.Contains(error.Message, "2 queries × 3 candidates");
    }

    [TestMethod]
    [DataRow(5, -1)]
    [DataRow(5, 40)]
    [DataRow(12, 3)]
    [DataRow(200, 0)]
    public void SmallestAgreesWithAStableSortWithTiesAndNaN(int k, int skip)
    {
        var random = new Random(k);
        // Few distinct values, so that ties are common; NaN sorts after every number.
        double[] distances = [.. Enumerable.Range(0, 101).Select(_ => random.Next(12) is int v && v == 0 ? double.NaN : v % 6)];
        int[] expected = [.. Enumerable.Range(0, distances.Length).Where(i => i != skip)
            .OrderBy(i => double.IsNaN(distances[i]) ? double.PositiveInfinity : distances[i]).Take(k)];
        int[] result = new int[k];
        int found = NearestNeighbors.Smallest(distances, skip, result);
        CollectionAssert.AreEqual(expected, result[..found]);

        int[] among = [.. Enumerable.Range(0, distances.Length).Where(i => i % 3 != 1)];
        int[] expectedAmong = [.. among.OrderBy(i => double.IsNaN(distances[i]) ? double.PositiveInfinity : distances[i]).Take(k)];
        found = NearestNeighbors.Smallest(distances, among, result);
        CollectionAssert.AreEqual(expectedAmong, result[..found]);
    }

    private static double[] Matrix(Random random, int rows, int width, double missing) =>
        [.. Enumerable.Range(0, rows * width).Select(_ => random.NextDouble() < missing ? double.NaN : (random.NextDouble() * 20) - 10)];

    private static double Definition(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        int present = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (!double.IsNaN(a[i]) && !double.IsNaN(b[i]))
            {
                sum += (a[i] - b[i]) * (a[i] - b[i]);
                present++;
            }
        }

        return present == 0 ? double.NaN : Math.Sqrt(sum * a.Length / present);
    }
}
