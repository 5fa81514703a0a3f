// The anomaly detection sample: find unusual land cover among Landsat pixel neighbourhoods with an autoencoder, in an
// ordinary ML.NET program. ML.NET loads the CSV and rescales the 36 spectral values; the autoencoder trains on the
// training rows without their labels, told only that about 30 % of them may be anomalies; ML.NET's anomaly evaluator
// measures it against the classes the ODDS benchmark calls anomalies; GetFeatureErrors explains the highest scores;
// ML.NET's ChangeModelThreshold flags fewer rows; the model is saved, loaded back and asked about single rows.
// Run with: eng/run-sample.sh AnomalyDetection
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "satellite.csv");
IDataView raw = ml.Data.LoadFromTextFile<Pixel>(dataPath, separatorChar: ',', hasHeader: true, allowQuoting: true);

// ML.NET's anomaly evaluator reads a Single label, 1 for an anomaly: here the three smallest land-cover classes.
string[] anomalous = ["cotton crop", "damp grey soil", "vegetation stubble"];
string[] normal = ["grey soil", "red soil", "very damp grey soil"];
var label = ml.Transforms.Conversion.MapValue("Label", anomalous.Select(c => KeyValuePair.Create(c, 1f)).Concat(normal.Select(c => KeyValuePair.Create(c, 0f))), "Class");
IDataView data = label.Fit(raw).Transform(raw);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

var pipeline = ml.Transforms.NormalizeMinMax("Features")
    .Append(ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { Contamination = 0.3, Seed = 1 }));
var model = pipeline.Fit(split.TrainSet);
AutoencoderModelParameters autoencoder = model.LastTransformer.Model;
var epochs = autoencoder.History.Epochs;
Console.WriteLine($"Trained an autoencoder of {autoencoder.Network.ParameterCount} weights for {epochs.Count} epochs (reconstruction loss {epochs[0].Loss:F3} → {epochs[^1].Loss:F3}); rows scoring above {autoencoder.TrainingThreshold:G4} are flagged.");

IDataView scored = model.Transform(split.TestSet);
AnomalyDetectionMetrics metrics = ml.AnomalyDetection.Evaluate(scored);
Console.WriteLine($"Test set: ROC AUC {metrics.AreaUnderRocCurve:F3}, detection rate at 10 false positives {metrics.DetectionRateAtFalsePositiveCount:P1}.");
ScoredPixel[] rows = [.. ml.Data.CreateEnumerable<ScoredPixel>(scored, reuseRowObject: false)];
Console.WriteLine($"Flagged {rows.Count(r => r.PredictedLabel)} of {rows.Length} test rows, {rows.Count(r => r.PredictedLabel && r.Label == 1)} of them from the anomalous classes ({rows.Count(r => r.Label == 1)} such rows in all).");

// What makes the three highest scores: the spectral values the autoencoder reconstructed worst. Each feature's error is
// its share of the score (the score is their mean), in the scale of the normalized features the model read.
foreach (ScoredPixel row in rows.OrderByDescending(r => r.Score).Take(3))
{
    float[] errors = autoencoder.GetFeatureErrors(row.Features);
    float total = errors.Sum();
    var worst = errors.Select((error, slot) => (Share: error / total, Name: Pixel.SlotName(slot))).OrderByDescending(e => e.Share).Take(3);
    Console.WriteLine($"Score {row.Score:F4} ({row.Class}): worst reconstructed {string.Join(", ", worst.Select(w => $"{w.Name} ({w.Share:P0})"))}.");
}

// A stricter threshold through ML.NET: flag only the highest 5 % of the training rows' scores.
float[] trainScores = [.. model.Transform(split.TrainSet).GetColumn<float>("Score").Order()];
var strict = ml.AnomalyDetection.ChangeModelThreshold(model.LastTransformer, trainScores[(int)(0.95 * (trainScores.Length - 1))]);
bool[] strictLabels = [.. strict.Transform(model.Transform(split.TestSet)).GetColumn<bool>("PredictedLabel")];
int strictRight = strictLabels.Zip(rows).Count(p => p.First && p.Second.Label == 1);
Console.WriteLine($"At the training scores' 95th percentile: {strictLabels.Count(l => l)} flagged, {strictRight} of them from the anomalous classes.");

string modelPath = Path.Combine(Path.GetTempPath(), "satellite-autoencoder.zip");
ml.Model.Save(model, split.TrainSet.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out _);
float[] reloaded = [.. loaded.Transform(split.TestSet).GetColumn<float>("Score")];
bool identical = reloaded.SequenceEqual(rows.Select(r => r.Score));
// Loaded, the detector's model is reached through ML.NET's public interface of prediction transformers.
var detector = (ISingleFeaturePredictionTransformer<object>)((TransformerChain<ITransformer>)loaded).LastTransformer;
var reloadedAutoencoder = (AutoencoderModelParameters)detector.Model;
Console.WriteLine($"Saved and reloaded {modelPath} ({new FileInfo(modelPath).Length:N0} bytes): " +
    (identical && reloadedAutoencoder.TrainingThreshold == autoencoder.TrainingThreshold ? "identical scores and threshold." : "MISMATCH between the original and the reloaded model."));

using var engine = ml.Model.CreatePredictionEngine<Pixel, PixelPrediction>(loaded);
// The test rows of the lowest and the highest score, as an application would pass them: raw spectral values.
Pixel[] pixels = [.. ml.Data.CreateEnumerable<Pixel>(split.TestSet, reuseRowObject: false)];
int[] byScore = [.. Enumerable.Range(0, rows.Length).OrderBy(i => rows[i].Score)];
foreach (Pixel pixel in new[] { pixels[byScore[0]], pixels[byScore[^1]] })
{
    PixelPrediction prediction = engine.Predict(pixel);
    Console.WriteLine($"Prediction engine, a '{pixel.Class}' pixel: score {prediction.Score:F4}, {(prediction.PredictedLabel ? "an anomaly" : "normal")}.");
}

return identical && metrics.AreaUnderRocCurve >= 0.6 ? 0 : 1;

/// <summary>One row of satellite.csv: the four spectral bands of the 3×3 pixels around a point, and its land cover.</summary>
internal class Pixel
{
    private static readonly string[] s_pixels = ["top-left", "top", "top-right", "left", "centre", "right", "bottom-left", "bottom", "bottom-right"];

    /// <summary>The 36 spectral values, pixel after pixel, band after band within a pixel.</summary>
    [LoadColumn(0, 35), VectorType(36)]
    public float[] Features { get; set; } = [];

    /// <summary>The land-cover class.</summary>
    [LoadColumn(36)]
    public string Class { get; set; } = "";

    /// <summary>Which pixel and band a slot of <see cref="Features"/> holds.</summary>
    public static string SlotName(int slot) => $"band {(slot % 4) + 1} of the {s_pixels[slot / 4]} pixel";
}

/// <summary>A scored row: the label the evaluator reads, the normalized features the model read, and its outputs.</summary>
internal sealed class ScoredPixel : Pixel
{
    public float Label { get; set; }

    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}

/// <summary>What the prediction engine returns.</summary>
internal sealed class PixelPrediction
{
    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}
