// Benchmark: load N rows x 20 float columns from CSV and read every value through a cursor,
// against a plain CsvHelper read of the same file into float arrays. Prints both times and the ratio.
// Our loader parses each batch in parts on Environment.ProcessorCount threads; DOTNET_PROCESSOR_COUNT=1 makes it one.
// Usage: dotnet run -c Release --project eng/bench/CsvLoadBench [rows=1000000] [repeats=3]
using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Data;

int rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int Columns = 20;
string path = Path.Combine(Path.GetTempPath(), $"mlnx-bench-{rows}x{Columns}.csv");
if (!File.Exists(path))
{
    var random = new Random(1);
    using var writer = new StreamWriter(path);
    for (int r = 0; r < rows; r++)
    {
        writer.WriteLine(string.Join(',', Enumerable.Range(0, Columns).Select(_ => (random.NextDouble() * 100).ToString("0.####", CultureInfo.InvariantCulture))));
    }
}

double ours = Best(() =>
{
    var ml = new MLContext(1);
    IDataView data = ml.Data.LoadFromTextFile(path, [new TextLoader.Column("Features", DataKind.Single, 0, Columns - 1)], separatorChar: ',');
    double sum = 0;
    using DataViewBatchCursor cursor = data.GetBatchCursor([data.Schema["Features"]]);
    while (cursor.MoveNext())
    {
        foreach (float x in cursor.Batch.GetColumn<float>(data.Schema["Features"]).Values)
        {
            sum += x;
        }
    }

    return sum;
});

double peer = Best(() =>
{
    double sum = 0;
    using CsvReader csv = CsvReader.FromFile(path, new CsvReaderOptions { HasHeader = false, Separator = ',' }, FileOptions.SequentialScan);
    var values = new float[Columns];
    while (csv.Read())
    {
        for (int c = 0; c < Columns; c++)
        {
            values[c] = csv.Parse<float>(c, CultureInfo.InvariantCulture);
            sum += values[c];
        }
    }

    return sum;
});

Console.WriteLine($"rows={rows} columns={Columns} threads: ours {Environment.ProcessorCount}, CsvHelper 1");
Console.WriteLine($"MLNet.NeuralExtensions LoadFromTextFile + batch cursor: {ours:F3} s");
Console.WriteLine($"CsvHelper 34 Parse<float>:                         {peer:F3} s");
Console.WriteLine($"ratio (ours / CsvHelper): {ours / peer:F2}");

double Best(Func<double> run)
{
    double best = double.MaxValue;
    double check = 0;
    for (int i = 0; i < repeats; i++)
    {
        var sw = Stopwatch.StartNew();
        check = run();
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }

    Console.Error.WriteLine($"checksum {check:F1}");
    return best;
}
