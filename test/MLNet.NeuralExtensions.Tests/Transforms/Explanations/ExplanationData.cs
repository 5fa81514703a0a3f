using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Tests.Transforms.Explanations;

/// <summary>Synthetic rows for the explanation tests: four independent features A–D (concatenated into "Features", whose
/// slot names are theirs), a regression label and a binary label of a nonlinear function of them.</summary>
internal static class ExplanationData
{
    public static readonly string[] SlotNames = ["A", "B", "C", "D"];

    public static IDataView Rows(MLContext ml, int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            float a = Uniform(random), b = Uniform(random), c = Uniform(random), d = Uniform(random);
            float value = (2f * a) - b + (0.5f * c * c) + MathF.Sin(d);
            rows.Add(new Row { A = a, B = b, C = c, D = d, Value = value, Positive = value > 0.3f });
        }

        return ml.Transforms.Concatenate("Features", SlotNames).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
    }

    /// <summary>An in-memory view of feature vectors in a column "Features" of <paramref name="size"/> slots.</summary>
    public static IDataView Vectors(MLContext ml, IEnumerable<float[]> features, int size)
    {
        var definition = SchemaDefinition.Create(typeof(VectorRow));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(features.Select(f => new VectorRow { Features = f }), definition);
    }

    public static float[][] Column(IDataView data, string name) => [.. data.GetColumn<float[]>(name)];

    private static float Uniform(Random random) => (random.NextSingle() * 4f) - 2f;

    private sealed class Row
    {
        public float A { get; set; }

        public float B { get; set; }

        public float C { get; set; }

        public float D { get; set; }

        public float Value { get; set; }

        public bool Positive { get; set; }
    }

    private sealed class VectorRow
    {
        public float[] Features { get; set; } = [];
    }
}
