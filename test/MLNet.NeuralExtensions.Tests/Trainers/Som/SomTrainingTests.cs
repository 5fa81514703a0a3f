using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Som;

/// <summary>The learning rules: one online step, the neighbourhood and decay formulas, and the refinement of Ward's
/// merge.</summary>
[TestClass]
public sealed class SomTrainingTests
{
    [TestMethod]
    public void AnOnlineStepWithABubbleOfRadiusOneMovesTheBestNodeAndItsSixHexagonalNeighbours()
    {
        // One row, one update at learning rate 1: the best-matching node and the nodes within distance 1 of it (its 6
        // neighbours on a hexagonal grid) jump onto the row; every other node stays where it was.
        var grid = new SomGrid(5, 5, SomTopology.Hexagonal, toroidal: false);
        var options = new SomOptions { Width = 5, Height = 5, Topology = SomTopology.Hexagonal, Neighborhood = SomNeighborhood.Bubble, Radius = 1.01f, FinalRadius = 1.01f, LearningRate = 1f, FinalLearningRate = 1f, Epochs = 1 };
        float[] row = [100f, 100f];

        // Start from a codebook whose best node for the row is node 12 (row 2, column 2), which has 6 neighbours.
        float[] start = [.. Enumerable.Range(0, 25).SelectMany(n => new[] { n == 12 ? 90f : 0f, n == 12 ? 90f : 0f })];
        float[] moved = (float[])start.Clone();
        SomTraining.Online(options, grid, row, 2, [1.0], moved, new Random(1));
        int[] expected = [6, 7, 11, 12, 13, 16, 17];
        for (int node = 0; node < 25; node++)
        {
            Assert.AreEqual(expected.Contains(node) ? 100f : start[node * 2], moved[node * 2], 1e-4, $"node {node}");
        }

        CollectionAssert.AreEqual(expected.Where(n => n != 12).ToArray(), grid.Neighbors(12).ToArray());
    }

    [TestMethod]
    public void AnOnlineStepScalesWithTheRowsWeightOverTheMeanWeight()
    {
        // Two rows of weights 1 and 3 (mean 2): at learning rate 0.25 with a bubble over the whole map, the first row
        // moves the nodes 0.25 · ½ of the way and the second 0.25 · 3/2.
        var grid = new SomGrid(2, 1, SomTopology.Rectangular, toroidal: false);
        var options = new SomOptions { Width = 2, Height = 1, Neighborhood = SomNeighborhood.Bubble, Radius = 5, FinalRadius = 5, LearningRate = 0.25f, FinalLearningRate = 0.25f, Epochs = 1 };
        float[] codebook = [0f, 1f];
        var random = new Random(3);
        int[] order = [0, 1];
        new Random(3).Shuffle(order);
        SomTraining.Online(options, grid, [8f, 8f], 1, [1.0, 3.0], codebook, random);

        float[] expected = [0f, 1f];
        foreach (int row in order)
        {
            float pull = 0.25f * (row == 0 ? 0.5f : 1.5f);
            for (int node = 0; node < 2; node++)
            {
                expected[node] += pull * (8f - expected[node]);
            }
        }

        CollectionAssert.AreEqual(expected, codebook);
    }

    [TestMethod]
    public void NeighbourhoodsAndDecaysFollowTheirFormulas()
    {
        Assert.AreEqual(Math.Exp(-0.5), SomTraining.Weight(SomNeighborhood.Gaussian, 2, 2), 1e-6);
        Assert.AreEqual(1f, SomTraining.Weight(SomNeighborhood.Bubble, 2, 2));
        Assert.AreEqual(0f, SomTraining.Weight(SomNeighborhood.Bubble, 2.01, 2));
        Assert.AreEqual(0.75 * Math.Exp(-0.125), SomTraining.Weight(SomNeighborhood.MexicanHat, 1, 2), 1e-6);
        Assert.IsLessThan(0f, SomTraining.Weight(SomNeighborhood.MexicanHat, 3, 2), "the Mexican hat pushes beyond the radius");
        Assert.AreEqual(0.5f, SomTraining.Weight(SomNeighborhood.Triangle, 1, 2), 1e-6);
        Assert.AreEqual(0f, SomTraining.Weight(SomNeighborhood.Triangle, 3, 2));
        Assert.AreEqual(2.75, SomTraining.Decay(SomDecay.Linear, 5, 0.5, 0.5), 1e-12);
        Assert.AreEqual(Math.Sqrt(2.5), SomTraining.Decay(SomDecay.Exponential, 5, 0.5, 0.5), 1e-12);
        Assert.AreEqual(2.5, SomTraining.Decay(SomDecay.Asymptotic, 5, 0.5, 0.5), 1e-12);
    }

    [TestMethod]
    public void KMeansPassesLowerTheWeightedSumOfSquaresOfWardsMerge()
    {
        // Random points in a 4 × 1 strip with weights 0 to 5: whatever Ward's greedy merges leave, the passes never raise
        // the weighted within-cluster sum of squares, never empty a cluster, and lower it for some k.
        var random = new Random(5);
        float[] points = [.. Enumerable.Range(0, 40).SelectMany(_ => new[] { (float)random.NextDouble() * 4, (float)random.NextDouble() })];
        double[] weights = [.. Enumerable.Range(0, 40).Select(i => (double)random.Next(0, 6))];
        for (int clusters = 2; clusters <= 6; clusters++)
        {
            int[] ward = WardClustering.Cluster(points, 2, weights, clusters);
            int[] refined = WeightedLloyd.Refine(points, 2, weights, ward);
            Assert.AreEqual(clusters, refined.Distinct().Count(), $"{clusters} clusters: none is emptied");
            Assert.IsLessThanOrEqualTo(SumOfSquares(points, weights, ward) + 1e-9, SumOfSquares(points, weights, refined), $"{clusters} clusters");
            CollectionAssert.AreEqual(refined, WeightedLloyd.Refine(points, 2, weights, refined), $"{clusters} clusters: a refined partition is a fixed point");
        }

        Assert.IsTrue(Enumerable.Range(2, 5).Any(k => SumOfSquares(points, weights, WeightedLloyd.Refine(points, 2, weights, WardClustering.Cluster(points, 2, weights, k))) < SumOfSquares(points, weights, WardClustering.Cluster(points, 2, weights, k)) - 1e-6),
            "the passes improve on Ward somewhere");
    }

    // Σ over points of weight · squared distance to the weighted centroid of its cluster.
    private static double SumOfSquares(float[] points, double[] weights, int[] owner)
    {
        double total = 0;
        foreach (int cluster in owner.Distinct())
        {
            int[] members = [.. Enumerable.Range(0, owner.Length).Where(p => owner[p] == cluster && weights[p] > 0)];
            double mass = members.Sum(p => weights[p]);
            for (int f = 0; f < 2; f++)
            {
                double mean = members.Sum(p => weights[p] * points[(p * 2) + f]) / mass;
                total += members.Sum(p => weights[p] * Math.Pow(points[(p * 2) + f] - mean, 2));
            }
        }

        return total;
    }
}
