using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Tests.Transforms.Sampling;

/// <summary>The samplers' test data: TestData/sampling-goldens.json (written by eng/golden/make_sampling_goldens.py with
/// imbalanced-learn 0.10) and rows of an id, a text label and a feature vector.</summary>
internal static class SamplingData
{
    private static readonly JsonElement s_root = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "sampling-goldens.json"))).RootElement;

    /// <summary>The golden at the path of property names.</summary>
    public static JsonElement Golden(params string[] path) => path.Aggregate(s_root, (e, name) => e.GetProperty(name));

    /// <summary>A golden object of class → count.</summary>
    public static Dictionary<string, int> GoldenCounts(params string[] path) =>
        Golden(path).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    /// <summary>A golden list of row indices.</summary>
    public static int[] GoldenRows(params string[] path) => [.. Golden(path).EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>The rows of golden data set <paramref name="name"/> (<c>name_x</c>, <c>name_y</c>), numbered by Id.</summary>
    public static SampleRow[] Rows(string name)
    {
        float[][] x = [.. Golden(name + "_x").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray())];
        string[] y = [.. Golden(name + "_y").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetBoolean().ToString())];
        return [.. x.Select((r, i) => new SampleRow { Id = i, Label = y[i], Features = r })];
    }

    /// <summary>Loads rows whose features all have the same length as an IDataView with a known-size feature vector.</summary>
    public static IDataView Load(MLContext ml, IEnumerable<SampleRow> rows)
    {
        SampleRow[] list = [.. rows];
        return ml.Data.LoadFromEnumerable(list, Schema(list[0].Features.Length));
    }

    /// <summary>The schema of <see cref="SampleRow"/>s with <paramref name="width"/> features.</summary>
    public static SchemaDefinition Schema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(SampleRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    /// <summary>Reads rows back from data of <see cref="SampleRow"/>'s columns (any feature length).</summary>
    public static SampleRow[] Read(MLContext ml, IDataView data)
    {
        var schema = SchemaDefinition.Create(typeof(SampleRow));
        schema["Features"].ColumnType = data.Schema["Features"].Type;
        return [.. ml.Data.CreateEnumerable<SampleRow>(data, reuseRowObject: false, schemaDefinition: schema)];
    }

    /// <summary>The number of rows of each class of column <paramref name="label"/>, named as the golden names them:
    /// text, a key's text value, "True"/"False", or the number.</summary>
    public static Dictionary<string, int> ClassCounts(IDataView data, string label = "Label")
    {
        DataViewSchema.Column column = data.Schema[label];
        IEnumerable<string> names = column.Type switch
        {
            TextDataViewType => data.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()),
            BooleanDataViewType => data.GetColumn<bool>(column).Select(v => v.ToString()),
            NumberDataViewType when column.Type.RawType == typeof(float) => data.GetColumn<float>(column).Select(v => v.ToString(CultureInfo.InvariantCulture)),
            KeyDataViewType => KeyNames(data, column),
            _ => throw new AssertFailedException($"No class names for {column.Type}."),
        };
        return names.GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The synthetic rows of a resampled output: the source rows come first, each followed by its repeats and
    /// the rows grown from it, which carry its Id; a row is synthetic when its features differ from its Id's.</summary>
    public static SampleRow[] Synthetic(SampleRow[] source, SampleRow[] output) =>
        [.. output.Where(r => !r.Features.SequenceEqual(source[r.Id].Features))];

    private static IEnumerable<string> KeyNames(IDataView data, DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.GetKeyValues(ref values);
        ReadOnlyMemory<char>[] names = [.. values.DenseValues()];
        return data.GetColumn<uint>(column).Select(k => names[k - 1].ToString());
    }
}

/// <summary>A row of the samplers' tests: an id (copied to the rows grown from it), a label and features.</summary>
public sealed class SampleRow
{
    public int Id { get; set; }

    public string Label { get; set; } = "";

    public float[] Features { get; set; } = [];
}
