using System.Diagnostics;
using System.Globalization;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Trainers;

// Usage: TrainerBench <spam|boston|satellite> <data directory> <epochs> <repeats>
//        TrainerBench <fashion-mlp|fashion-cnn|fashion-lstm> <ignored> <epochs> <seed>   (see FashionBench)
// Trains on the CSV files that
// trainer_peer.py writes: for spam and boston the MLP trainer (one hidden layer of 100 ReLU units, Adam at 0.001,
// batch 32, every epoch), for satellite the autoencoder anomaly detector with its defaults (PyOD's), on the training
// rows without labels. Prints the best training time of the repeats and the test metric as "<bench> ours <key> <value>"
// lines, in the peer's order.
string name = args[0];
string directory = args[1];
int epochs = int.Parse(args[2], CultureInfo.InvariantCulture);
int repeats = int.Parse(args[3], CultureInfo.InvariantCulture);
if (name.StartsWith("fashion-", StringComparison.Ordinal))
{
    TrainerBench.FashionBench.Run(name, epochs, seed: repeats);
    return;
}

var ml = new MLContext(seed: 1);
int width = File.ReadLines(Path.Combine(directory, $"{name}-train.csv")).First().Split(',').Length - 1;
IDataView Load(string part) => ml.Data.Cache(ml.Data.LoadFromTextFile(Path.Combine(directory, $"{name}-{part}.csv"),
    [new TextLoader.Column("Label", name == "boston" ? DataKind.Single : DataKind.Boolean, 0), new TextLoader.Column("Features", DataKind.Single, 1, width)], separatorChar: ','));
IDataView train = Load("train"), test = Load("test");
Read(train);
Read(test);

double best = double.PositiveInfinity;
ITransformer model = null!;
for (int repeat = 0; repeat < repeats; repeat++)
{
    var options = new MlpOptions { HiddenLayers = [100], Epochs = epochs, BatchSize = 32, LearningRate = 1e-3f, Seed = repeat + 1 };
    long start = Stopwatch.GetTimestamp();
    model = name switch
    {
        "spam" => ml.BinaryClassification.Trainers.Mlp(options).Fit(train),
        "boston" => ml.Regression.Trainers.Mlp(options).Fit(train),
        _ => ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { Epochs = epochs, Seed = repeat + 1 }).Fit(train),
    };
    best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
}

IDataView scored = model.Transform(test);
string metric = name switch
{
    "spam" => $"accuracy {ml.BinaryClassification.EvaluateNonCalibrated(scored).Accuracy:F4}",
    "boston" => $"r2 {ml.Regression.Evaluate(scored).RSquared:F4}",
    _ => $"auc {ml.AnomalyDetection.Evaluate(scored).AreaUnderRocCurve:F4}",
};
Console.WriteLine(FormattableString.Invariant($"{name} ours seconds {best:F3}"));
Console.WriteLine($"{name} ours {metric}");

// Caches every row before timing, so that training does not include parsing.
static void Read(IDataView data)
{
    using DataViewBatchCursor cursor = data.GetBatchCursor([.. data.Schema]);
    while (cursor.MoveNext())
    {
    }
}
