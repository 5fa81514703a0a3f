using System.Text.Json;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Clustering;

/// <summary>The map's measures on fixed codebooks against som-goldens.json, written by eng/golden/make_som_goldens.py
/// with NumPy and SciPy.</summary>
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
        var model = SomModelParameters.Create(grid, SomDistance.Euclidean, Floats(c.GetProperty("codebook")), 0, Data);
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
        float[] data = Data;
        IScoringModel model = SomModelParameters.Create(Grid(c), distance, Floats(c.GetProperty("codebook")), 0, data);
        float[] scores = model.Score(data, data.Length / 3);
        float[] expected = Floats(s_root.GetProperty("distances").GetProperty(scipyName));
        Assert.HasCount(expected.Length, scores);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], scores[i], 1e-5, $"{scipyName} distance {i}");
        }
    }

    private static SomGrid Grid(JsonElement c) => new(c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32(),
        c.GetProperty("topology").GetString() == "hexagonal" ? SomTopology.Hexagonal : SomTopology.Rectangular, c.GetProperty("toroidal").GetBoolean());

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => (float)v.GetDouble())];
}
