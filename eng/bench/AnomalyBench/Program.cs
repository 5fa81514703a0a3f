using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

// Usage: AnomalyBench <set>-<all|normal> <data directory> <epochs> <repeats>
// Trains mlContext.AnomalyDetection.Trainers.Autoencoder with its defaults (PyOD's) through ML.NET on the CSV files that
// anomaly_peer.py writes (label first, 1 for an anomaly): "all" on every training row without labels, "normal" on the
// normal training rows only. Prints the best training time of the repeats (seeds 1, 2, …), wall-clock and the process's
// processor time (which other processes on a busy machine inflate less), and the mean over the repeats of the test
// part's ROC AUC from ML.NET's anomaly evaluator, as "<bench> ours <key> <value>" lines in the peer's order.
string bench = args[0];
string directory = args[1];
int epochs = int.Parse(args[2], CultureInfo.InvariantCulture);
int repeats = int.Parse(args[3], CultureInfo.InvariantCulture);
string name = bench[..bench.LastIndexOf('-')];
bool normalOnly = bench.EndsWith("-normal", StringComparison.Ordinal);

var ml = new MLContext(seed: 1);
int width = File.ReadLines(Path.Combine(directory, $"{name}-train.csv")).First().Split(',').Length - 1;
IDataView Load(string part) => ml.Data.Cache(ml.Data.LoadFromTextFile(Path.Combine(directory, $"{name}-{part}.csv"),
    [new TextLoader.Column("Label", DataKind.Single, 0), new TextLoader.Column("Features", DataKind.Single, 1, width)], separatorChar: ','));
IDataView train = Load("train"), test = Load("test");
if (normalOnly)
{
    train = ml.Data.Cache(ml.Data.FilterRowsByColumn(train, "Label", upperBound: 0.5));
}

Read(train);
Read(test);

double best = double.PositiveInfinity, bestProcessor = double.PositiveInfinity, auc = 0;
using var process = Process.GetCurrentProcess();
for (int repeat = 0; repeat < repeats; repeat++)
{
    process.Refresh();
    TimeSpan processor = process.TotalProcessorTime;
    long start = Stopwatch.GetTimestamp();
    var model = ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { Epochs = epochs, Seed = repeat + 1 }).Fit(train);
    best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
    process.Refresh();
    bestProcessor = Math.Min(bestProcessor, (process.TotalProcessorTime - processor).TotalSeconds);
    auc += ml.AnomalyDetection.Evaluate(model.Transform(test)).AreaUnderRocCurve / repeats;
}

Console.WriteLine(FormattableString.Invariant($"{bench} ours seconds {best:F3}"));
Console.WriteLine(FormattableString.Invariant($"{bench} ours cpu_seconds {bestProcessor:F3}"));
Console.WriteLine(FormattableString.Invariant($"{bench} ours auc {auc:F4}"));

// Caches every row before timing, so that training does not include parsing.
static void Read(IDataView data)
{
    using DataViewRowCursor cursor = data.GetRowCursor(data.Schema);
    while (cursor.MoveNext())
    {
    }
}
