// Class imbalance in an ML.NET program: Pima diabetes (268 of 768 women have diabetes) loaded with ML.NET's text
// loader and split; FastTree trained with and without SMOTE in the pipeline; both evaluated with ML.NET's evaluator on
// the same test rows; the SMOTE model saved, loaded back and used through a prediction engine. SMOTE acts only while
// the pipeline is fitted: FastTree learns from the balanced rows, and the fitted model scores rows unchanged.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Transforms;

var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "pima-diabetes.csv");
IDataView data = ml.Data.LoadFromTextFile<PimaRow>(dataPath, separatorChar: ',', hasHeader: true, allowQuoting: true);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);

// The label ("pos", the minority, is true), missing measurements replaced by the training mean, one feature vector.
string[] measurements = [nameof(PimaRow.Pregnant), nameof(PimaRow.Glucose), nameof(PimaRow.Pressure), nameof(PimaRow.Triceps),
    nameof(PimaRow.Insulin), nameof(PimaRow.Mass), nameof(PimaRow.Pedigree), nameof(PimaRow.Age)];
var preparation = ml.Transforms.Conversion.MapValue("Label", new[] { new KeyValuePair<string, bool>("pos", true), new KeyValuePair<string, bool>("neg", false) }, nameof(PimaRow.Diabetes))
    .Append(ml.Transforms.ReplaceMissingValues([.. measurements.Select(m => new InputOutputColumnPair(m))], MissingValueReplacingEstimator.ReplacementMode.Mean))
    .Append(ml.Transforms.Concatenate("Features", measurements))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"));

var plain = preparation.Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);
var balanced = preparation.Append(ml.Transforms.OverSampleSmote(numberOfNeighbors: 5, seed: 1))
    .Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);

// What FastTree was fitted on: the prepared training rows, resampled by the fitted sampler.
var sampler = balanced.OfType<ResamplingTransformer>().Single();
IDataView prepared = new TransformerChain<ITransformer>([.. balanced.TakeWhile(t => t is not ResamplingTransformer)]).Transform(split.TrainSet);
Console.WriteLine($"Training rows: {Describe(prepared)}; after SMOTE: {Describe(sampler.Resample(prepared))}.");

BinaryClassificationMetrics without = ml.BinaryClassification.Evaluate(plain.Transform(split.TestSet));
BinaryClassificationMetrics with = ml.BinaryClassification.Evaluate(balanced.Transform(split.TestSet));
Console.WriteLine($"Test rows: {Describe(preparation.Fit(split.TrainSet).Transform(split.TestSet))}. FastTree:");
Console.WriteLine("                     without SMOTE   with SMOTE");
Console.WriteLine($"  recall (diabetes)      {without.PositiveRecall,8:F3}     {with.PositiveRecall,8:F3}");
Console.WriteLine($"  precision (diabetes)   {without.PositivePrecision,8:F3}     {with.PositivePrecision,8:F3}");
Console.WriteLine($"  F1                     {without.F1Score,8:F3}     {with.F1Score,8:F3}");
Console.WriteLine($"  AUC                    {without.AreaUnderRocCurve,8:F3}     {with.AreaUnderRocCurve,8:F3}");

string modelPath = Path.Combine(Path.GetTempPath(), "pima-smote-fasttree.zip");
ml.Model.Save(balanced, data.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out _);
float[] before = [.. balanced.Transform(split.TestSet).GetColumn<float>("Probability")];
float[] after = [.. loaded.Transform(split.TestSet).GetColumn<float>("Probability")];
bool identical = before.SequenceEqual(after);
Console.WriteLine(identical ? $"Saved and reloaded {modelPath}: the same {after.Length} probabilities (the sampler passes test rows through)." : "MISMATCH between the original and the reloaded model.");

using var engine = ml.Model.CreatePredictionEngine<PimaRow, PimaPrediction>(loaded);
var woman = new PimaRow { Pregnant = 2, Glucose = 150, Pressure = 70, Triceps = 30, Insulin = float.NaN, Mass = 34, Pedigree = 0.5f, Age = 45, Diabetes = "" };
PimaPrediction prediction = engine.Predict(woman);
Console.WriteLine($"Prediction engine: glucose 150, BMI 34, age 45 → diabetes {prediction.PredictedLabel} (probability {prediction.Probability:F3}).");
return identical && with.PositiveRecall > without.PositiveRecall ? 0 : 1;

static string Describe(IDataView rows)
{
    bool[] labels = [.. rows.GetColumn<bool>("Label")];
    return $"{labels.Length}, {labels.Count(l => l)} with diabetes";
}

/// <summary>One row of pima-diabetes.csv; an empty measurement is missing (NaN).</summary>
internal sealed class PimaRow
{
    [LoadColumn(0)]
    public float Pregnant { get; set; }

    [LoadColumn(1)]
    public float Glucose { get; set; }

    [LoadColumn(2)]
    public float Pressure { get; set; }

    [LoadColumn(3)]
    public float Triceps { get; set; }

    [LoadColumn(4)]
    public float Insulin { get; set; }

    [LoadColumn(5)]
    public float Mass { get; set; }

    [LoadColumn(6)]
    public float Pedigree { get; set; }

    [LoadColumn(7)]
    public float Age { get; set; }

    [LoadColumn(8)]
    public string Diabetes { get; set; } = "";
}

/// <summary>FastTree's output for one row.</summary>
internal sealed class PimaPrediction
{
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }
}
