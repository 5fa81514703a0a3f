using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Tests.Transforms.Imputers;

/// <summary>The imputers' inputs and scikit-learn's answers: TestData/dataprep-goldens.json (written by
/// eng/golden/make_dataprep_goldens.py; null is a missing value), the real data sets, and views of one vector column "X".</summary>
internal static class ImputerData
{
    private static readonly JsonElement s_root = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "dataprep-goldens.json"))).RootElement;

    public static double[][] Matrix(string name) =>
        [.. s_root.GetProperty(name).EnumerateArray().Select(row => row.EnumerateArray().Select(Value).ToArray())];

    public static double[] Vector(string name) => [.. s_root.GetProperty(name).EnumerateArray().Select(Value)];

    public static double Number(string name) => s_root.GetProperty(name).GetDouble();

    public static int Integer(string name) => s_root.GetProperty(name).GetInt32();

    /// <summary>Rows as a view of one known-size vector column "X" of Single or of Double.</summary>
    public static IDataView View(MLContext ml, double[][] rows, bool isDouble = false)
    {
        int width = rows[0].Length;
        if (isDouble)
        {
            SchemaDefinition schema = SchemaDefinition.Create(typeof(DoubleRow));
            schema["X"].ColumnType = new VectorDataViewType(NumberDataViewType.Double, width);
            return ml.Data.LoadFromEnumerable(rows.Select(r => new DoubleRow { X = r }).ToArray(), schema);
        }

        SchemaDefinition singles = SchemaDefinition.Create(typeof(SingleRow));
        singles["X"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new SingleRow { X = [.. r.Select(v => (float)v)] }).ToArray(), singles);
    }

    /// <summary>The values of vector column <paramref name="column"/> (Single or Double), row by row.</summary>
    public static double[][] Rows(IDataView data, string column)
    {
        DataViewSchema.Column col = data.Schema[column];
        var rows = new List<double[]>();
        using DataViewRowCursor cursor = data.GetRowCursor([col]);
        if (((VectorDataViewType)col.Type).ItemType == NumberDataViewType.Double)
        {
            ValueGetter<VBuffer<double>> getter = cursor.GetGetter<VBuffer<double>>(col);
            VBuffer<double> row = default;
            while (cursor.MoveNext())
            {
                getter(ref row);
                rows.Add([.. row.DenseValues()]);
            }
        }
        else
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(col);
            VBuffer<float> row = default;
            while (cursor.MoveNext())
            {
                getter(ref row);
                rows.Add([.. row.DenseValues().Select(v => (double)v)]);
            }
        }

        return [.. rows];
    }

    /// <summary>The first <paramref name="width"/> columns of a real data set of test/TestData as one Single vector
    /// "Features", an empty cell missing (NaN).</summary>
    public static IDataView RealData(MLContext ml, string file, int width) =>
        ml.Data.LoadFromTextFile(Path.Combine("TestData", file), new TextLoader.Options
        {
            Columns = [new TextLoader.Column("Features", DataKind.Single, 0, width - 1)],
            Separators = [','],
            HasHeader = true,
            AllowQuoting = true,
            MissingRealsAsNaNs = true,
        });

    /// <summary>The real data sets of the goldens: golden prefix, file, feature count.</summary>
    public static (string Name, string File, int Width) RealDataSet(string name) => name switch
    {
        "airquality" => (name, "airquality.csv", 6),
        "pima" => (name, "pima-diabetes.csv", 8),
        _ => (name, "breast-cancer.csv", 9),
    };

    /// <summary>The output's values at the input's missing cells, row by row; asserts that the present cells are unchanged
    /// and that nothing is left missing.</summary>
    public static double[] MissingCells(double[][] input, double[][] output)
    {
        var cells = new List<double>();
        Assert.HasCount(input.Length, output);
        for (int r = 0; r < input.Length; r++)
        {
            for (int s = 0; s < input[r].Length; s++)
            {
                Assert.IsFalse(double.IsNaN(output[r][s]), $"row {r}, slot {s} is still missing");
                if (double.IsNaN(input[r][s]))
                {
                    cells.Add(output[r][s]);
                }
                else
                {
                    Assert.AreEqual(input[r][s], output[r][s], $"row {r}, slot {s} was present and must pass unchanged");
                }
            }
        }

        return [.. cells];
    }

    /// <summary>Asserts <paramref name="actual"/> equals <paramref name="expected"/> within <paramref name="tolerance"/>
    /// relative to max(1, |expected|); NaN matches only NaN.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what)
    {
        Assert.HasCount(expected.Count, actual, $"{what}: length");
        for (int i = 0; i < expected.Count; i++)
        {
            if (double.IsNaN(expected[i]) || double.IsNaN(actual[i]))
            {
                Assert.IsTrue(double.IsNaN(expected[i]) && double.IsNaN(actual[i]), $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
                continue;
            }

            Assert.AreEqual(expected[i], actual[i], tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]");
        }
    }

    public static void AssertClose(double[][] expected, double[][] actual, double tolerance, string what) =>
        AssertClose([.. expected.SelectMany(r => r)], [.. actual.SelectMany(r => r)], tolerance, what);

    /// <summary>The schema shape of <paramref name="schema"/>, as ML.NET's pipelines build it to check their estimators
    /// (ML.NET keeps <c>SchemaShape.Create</c> to itself and its friends).</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic, [typeof(DataViewSchema)])!.Invoke(null, [schema])!;

    private static double Value(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    private sealed class SingleRow
    {
        public float[] X { get; set; } = [];
    }

    private sealed class DoubleRow
    {
        public double[] X { get; set; } = [];
    }
}
