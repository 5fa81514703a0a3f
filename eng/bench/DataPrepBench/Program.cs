using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;

// Usage: DataPrepBench <smote|knn-impute> <data directory> <repeats>. Reads the
// CSV files that dataprep_peer.py writes, caches them in memory, and prints the best wall time of fitting and reading the result, as "<what> <key> <value>"
// lines in the peer's order. Threads: all the process may use (run-dataprep-bench.sh sets DOTNET_PROCESSOR_COUNT).
string what = args[0];
string directory = args[1];
int repeats = int.Parse(args[2], CultureInfo.InvariantCulture);
var ml = new MLContext(seed: 1);
switch (what)
{
    case "smote":
    {
        // Single features, as ML.NET's trainers take them (the peer computes in float64, as do our distances).
        IDataView data = ml.Data.Cache(ml.Data.LoadFromTextFile(Path.Combine(directory, "smote.csv"),
            [new TextLoader.Column("Label", DataKind.Int32, 0), new TextLoader.Column("Features", DataKind.Single, 1, 30)], separatorChar: ','));
        var smote = ml.Transforms.OverSampleSmote(numberOfNeighbors: 5, seed: 1);
        var (seconds, rows) = BestOf(repeats, () => Read(smote.Fit(data).Resample(data)).Rows);
        Console.WriteLine($"smote seconds {seconds:F3}");
        Console.WriteLine($"smote rows_out {rows}");
        break;
    }

    case "knn-impute":
    {
        // An empty cell is a missing value (NaN), as for the peer's genfromtxt.
        IDataView data = ml.Data.Cache(ml.Data.LoadFromTextFile(Path.Combine(directory, "knn.csv"), new TextLoader.Options
        {
            Columns = [new TextLoader.Column("Features", DataKind.Double, 0, 29)],
            Separators = [','],
            MissingRealsAsNaNs = true,
        }));
        var imputer = ml.Transforms.ReplaceMissingValuesByNearestNeighbors("Features", numberOfNeighbors: 5);
        var (seconds, sum) = BestOf(repeats, () => Read(imputer.Fit(data).Transform(data)).Sum);
        Console.WriteLine($"knn-impute seconds {seconds:F3}");
        Console.WriteLine($"knn-impute imputed_sum {sum:F1}");
        break;
    }

    default:
        Console.Error.WriteLine($"Unknown benchmark '{what}'.");
        return 1;
}

return 0;

static (double Seconds, T Result) BestOf<T>(int repeats, Func<T> run)
{
    double best = double.PositiveInfinity;
    T result = default!;
    for (int i = 0; i < repeats; i++)
    {
        long start = Stopwatch.GetTimestamp();
        result = run();
        best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    return (best, result);
}

// Reads every feature value (Single or Double), so that lazy work is done inside the timing.
static (long Rows, double Sum) Read(IDataView data)
{
    DataViewSchema.Column features = data.Schema["Features"];
    return ((VectorDataViewType)features.Type).ItemType.RawType == typeof(double) ? Sum<double>(data, features, v => v) : Sum<float>(data, features, v => v);
}

static (long Rows, double Sum) Sum<T>(IDataView data, DataViewSchema.Column features, Func<T, double> value)
{
    long rows = 0;
    double sum = 0;
    using DataViewRowCursor cursor = data.GetRowCursor([features]);
    ValueGetter<VBuffer<T>> getter = cursor.GetGetter<VBuffer<T>>(features);
    VBuffer<T> row = default;
    while (cursor.MoveNext())
    {
        getter(ref row);
        rows++;
        foreach (T v in row.DenseValues())
        {
            sum += value(v);
        }
    }

    return (rows, sum);
}
