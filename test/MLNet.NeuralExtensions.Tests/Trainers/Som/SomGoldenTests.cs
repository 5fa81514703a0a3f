using System.Text.Json;
using Microsoft.ML;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Som;

/// <summary>The map's measures on fixed codebooks, its Score, and the weighted Ward merge,
/// against som-goldens.json, written by eng/golden/make_som_goldens.py with NumPy and SciPy.</summary>
[TestClass]
public sealed class SomGoldenTests
{
    private static readonly JsonElement s_root = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "som-goldens.json"))).RootElement;

    private static float[] Data => Floats(s_root.GetProperty("data"));

    public static IEnumerable<object[]> Cases => Enumerable.Range(0, s_root.GetProperty("cases").GetArrayLength()).Select(i => new object[] { i });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void QuantizationTopographicUMatrixHitsAndNeighboursMatchTheReference(int index)
    {
        JsonElement c = s_root.GetProperty("cases")[index];
        SomGrid grid = Grid(c);
        SomModelParameters model = Model(grid, SomDistance.Euclidean, Floats(c.GetProperty("codebook")));
        string name = $"{c.GetProperty("topology")} {c.GetProperty("width")}×{c.GetProperty("height")} toroidal={c.GetProperty("toroidal")}";

        Assert.AreEqual(c.GetProperty("quantization_error").GetDouble(), model.QuantizationError, 1e-5, $"{name}: quantization error");
        Assert.AreEqual(c.GetProperty("topographic_error").GetDouble(), model.TopographicError, 1e-12, $"{name}: topographic error");
        CollectionAssert.AreEqual(c.GetProperty("hits").EnumerateArray().Select(h => h.GetInt32()).ToArray(), model.HitCounts.ToArray(), $"{name}: hit counts");
        float[] expectedUMatrix = Floats(c.GetProperty("umatrix"));
        float[] uMatrix = model.GetUMatrix();
        for (int node = 0; node < grid.NodeCount; node++)
        {
            Assert.AreEqual(expectedUMatrix[node], uMatrix[node], 1e-5, $"{name}: U-matrix at node {node}");
            CollectionAssert.AreEqual(c.GetProperty("neighbours")[node].EnumerateArray().Select(n => n.GetInt32()).ToArray(), grid.Neighbors(node).ToArray(), $"{name}: neighbours of node {node}");
        }
    }

    [TestMethod]
    [DataRow(SomDistance.Euclidean, "euclidean")]
    [DataRow(SomDistance.Cosine, "cosine")]
    [DataRow(SomDistance.Manhattan, "manhattan")]
    [DataRow(SomDistance.Chebyshev, "chebyshev")]
    public void ScoresAreTheDistancesToEveryNode(SomDistance distance, string scipyName)
    {
        JsonElement c = s_root.GetProperty("cases")[0];
        float[] data = Data, expected = Floats(s_root.GetProperty("distances").GetProperty(scipyName));
        SomModelParameters model = Model(Grid(c), distance, Floats(c.GetProperty("codebook")));
        int rows = data.Length / 3, nodes = expected.Length / rows;
        var score = new float[nodes];
        for (int row = 0; row < rows; row++)
        {
            model.Score(data.AsSpan(row * 3, 3), new float[nodes], score);
            for (int node = 0; node < nodes; node++)
            {
                Assert.AreEqual(expected[(row * nodes) + node], score[node], 1e-5, $"{scipyName} distance of row {row} to node {node}");
            }
        }
    }

    [TestMethod]
    public void WeightedWardMatchesScipysWardOnTheReplicatedPoints()
    {
        JsonElement ward = s_root.GetProperty("ward");
        int[] expected = [.. ward.GetProperty("labels").EnumerateArray().Select(l => l.GetInt32())];
        double[] weights = [.. ward.GetProperty("weights").EnumerateArray().Select(w => w.GetDouble())];
        int[] actual = WardClustering.Cluster(Floats(ward.GetProperty("points")), 2, weights, ward.GetProperty("clusters").GetInt32());

        // The same partition, whatever the numbering: each of our clusters is exactly one of SciPy's.
        Assert.AreEqual(expected.Distinct().Count(), actual.Distinct().Count());
        for (int p = 0; p < expected.Length; p++)
        {
            for (int q = 0; q < expected.Length; q++)
            {
                Assert.AreEqual(expected[p] == expected[q], actual[p] == actual[q], $"points {p} and {q} together");
            }
        }
    }

    private static SomModelParameters Model(SomGrid grid, SomDistance distance, float[] codebook)
    {
        float[] data = Data;
        return SomModelParameters.Create(new MLContext(1), grid, distance, codebook, 0, false, data, [.. Enumerable.Repeat(1.0, data.Length / 3)]);
    }

    private static SomGrid Grid(JsonElement c) => new(c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32(),
        c.GetProperty("topology").GetString() == "hexagonal" ? SomTopology.Hexagonal : SomTopology.Rectangular, c.GetProperty("toroidal").GetBoolean());

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => (float)v.GetDouble())];
}
