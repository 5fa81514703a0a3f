using System.Text.Json;

namespace MLNet.NeuralExtensions.Tests.DataPrep;

/// <summary>Reads TestData/dataprep-goldens.json (written by eng/golden/make_dataprep_goldens.py); null is a missing value.</summary>
internal static class DataPrepGoldens
{
    private static readonly JsonElement s_root = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "dataprep-goldens.json"))).RootElement;

    public static double[][] Matrix(string name) =>
        [.. s_root.GetProperty(name).EnumerateArray().Select(row => row.EnumerateArray().Select(Value).ToArray())];

    public static double[] Vector(string name) => [.. s_root.GetProperty(name).EnumerateArray().Select(Value)];

    public static int Integer(string name) => s_root.GetProperty(name).GetInt32();

    public static string[] Strings(string name) => [.. s_root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    public static int[] Integers(string name) => [.. s_root.GetProperty(name).EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>A golden object of class → count, or of case → (class → count) when <paramref name="case"/> is given.</summary>
    public static Dictionary<string, int> ClassCounts(string name, string? @case = null)
    {
        JsonElement e = s_root.GetProperty(name);
        e = @case is null ? e : e.GetProperty(@case);
        return e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
    }

    /// <summary>Rows of a matrix as float vectors of <typeparamref name="TRow"/>'s fixed size.</summary>
    public static TRow[] Rows<TRow>(string name)
        where TRow : IVectorRow, new() => [.. Matrix(name).Select(r => new TRow { X = [.. r.Select(v => (float)v)] })];

    /// <summary>Asserts that <paramref name="actual"/> equals <paramref name="expected"/> within <paramref name="tolerance"/>
    /// relative to max(1, |expected|), NaN and infinities matching only themselves.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what)
    {
        Assert.AreEqual(expected.Count, actual.Count, $"{what}: length");
        for (int i = 0; i < expected.Count; i++)
        {
            if (double.IsNaN(expected[i]) || double.IsNaN(actual[i]))
            {
                Assert.IsTrue(double.IsNaN(expected[i]) && double.IsNaN(actual[i]), $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
                continue;
            }

            if (double.IsInfinity(expected[i]) || double.IsInfinity(actual[i]))
            {
                Assert.AreEqual(expected[i], actual[i], $"{what}[{i}]");
                continue;
            }

            Assert.AreEqual(expected[i], actual[i], tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]");
        }
    }

    public static void AssertClose(double[][] expected, IEnumerable<float[]> actual, double tolerance, string what) =>
        AssertClose([.. expected.SelectMany(r => r)], [.. actual.SelectMany(r => r).Select(v => (double)v)], tolerance, what);

    private static double Value(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    /// <summary>A row of one float vector column "X" of known size.</summary>
    public interface IVectorRow
    {
        float[] X { get; set; }
    }

    public sealed class Row3 : IVectorRow
    {
        [Data.VectorType(3)]
        public float[] X { get; set; } = [];
    }

    public sealed class Row4 : IVectorRow
    {
        [Data.VectorType(4)]
        public float[] X { get; set; } = [];
    }

    public sealed class Row5 : IVectorRow
    {
        [Data.VectorType(5)]
        public float[] X { get; set; } = [];
    }
}
