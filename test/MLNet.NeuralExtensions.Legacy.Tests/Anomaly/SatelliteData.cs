using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Tests.Anomaly;

/// <summary>Statlog Landsat Satellite as the ODDS anomaly benchmark uses it: 36 spectral values per pixel neighbourhood,
/// and the three smallest classes (cotton crop, damp grey soil, vegetation stubble: 2,036 of 6,435 rows) are the
/// anomalies.</summary>
internal static class SatelliteData
{
    private static readonly HashSet<string> s_outlierClasses = ["cotton crop", "damp grey soil", "vegetation stubble"];

    /// <summary>Every row: "Features" (36 Single) and "Label" (Boolean, true for an anomaly).</summary>
    public static IDataView Load(MLContext ml) => ml.Data.LoadFromEnumerable(Rows());

    /// <summary>The rows of the file.</summary>
    public static IEnumerable<Row> Rows() =>
        File.ReadLines(Path.Combine("TestData", "satellite.csv")).Skip(1).Select(line =>
        {
            string[] cells = line.Split(',');
            return new Row
            {
                Features = [.. cells[..36].Select(c => float.Parse(c, System.Globalization.CultureInfo.InvariantCulture))],
                Label = s_outlierClasses.Contains(cells[36].Trim('"')),
            };
        });

    /// <summary>One pixel neighbourhood.</summary>
    public sealed class Row
    {
        /// <summary>The 36 spectral values.</summary>
        [VectorType(36)]
        public float[] Features { get; set; } = [];

        /// <summary>Whether the row is an anomaly.</summary>
        public bool Label { get; set; }
    }
}
