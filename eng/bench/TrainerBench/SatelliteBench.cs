using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

namespace TrainerBench;

/// <summary>
/// The satellite case: ML.NET's <c>AnomalyDetection.Trainers.Autoencoder</c> with its defaults (PyOD's) on the
/// training rows of trainer_peer.py's satellite files, without labels, read by ML.NET's text loader into a cache
/// filled before timing; prints the best training time of the repeats and the test part's ROC AUC from ML.NET's
/// anomaly evaluator (a Single label, 1 = anomaly).
/// </summary>
internal static class SatelliteBench
{
    public static void Run(string directory, int epochs, int repeats)
    {
        const string name = "satellite";
        var ml = new MLContext(seed: 1);
        int width = File.ReadLines(Path.Combine(directory, $"{name}-train.csv")).First().Split(',').Length - 1;
        IDataView Load(string part) => ml.Data.Cache(ml.Data.LoadFromTextFile(Path.Combine(directory, $"{name}-{part}.csv"),
            [new TextLoader.Column("Label", DataKind.Single, 0), new TextLoader.Column("Features", DataKind.Single, 1, width)], separatorChar: ','));
        IDataView train = Load("train"), test = Load("test");
        Read(train);
        Read(test);

        double best = double.PositiveInfinity;
        AnomalyPredictionTransformer<AutoencoderModelParameters> model = null!;
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            long start = Stopwatch.GetTimestamp();
            model = ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { Epochs = epochs, Seed = repeat + 1 }).Fit(train);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        IDataView scored = model.Transform(test);
        Console.WriteLine(FormattableString.Invariant($"{name} ours seconds {best:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} ours auc {ml.AnomalyDetection.Evaluate(scored).AreaUnderRocCurve:F4}"));
    }

    // Fills the cache before timing, so that training does not include parsing.
    private static void Read(IDataView data)
    {
        using DataViewRowCursor cursor = data.GetRowCursor(data.Schema);
        while (cursor.MoveNext())
        {
        }
    }
}
