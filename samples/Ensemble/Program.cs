// An ML.NET program that stacks our multilayer perceptron with ML.NET's FastTree and LightGbm: load a CSV with ML.NET's
// text loader, prepare it with ML.NET's transforms, train the three trainers and their stacking on the same features,
// compare them with ML.NET's evaluator, save the best in an ML.NET model file, load it back in a fresh MLContext and
// predict single tumours with a prediction engine.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "breast-cancer.csv");
IDataView data = ml.Data.LoadFromTextFile<Tumour>(dataPath, separatorChar: ',', hasHeader: true, allowQuoting: true);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

// Label from the class name; the 16 missing Bare.nuclei scores replaced by the mean; the scores standardized.
var prepare = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["malignant"] = true, ["benign"] = false }, nameof(Tumour.Class))
    .Append(ml.Transforms.ReplaceMissingValues("Features", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"));

var trainers = ml.BinaryClassification.Trainers;
IEstimator<ISingleFeaturePredictionTransformer<object>> Mlp() => trainers.Mlp(new MlpOptions { HiddenLayers = [32], Epochs = 50 });
(string Name, IEstimator<ITransformer> Trainer)[] candidates =
[
    ("FastTree", trainers.FastTree()),
    ("LightGbm", trainers.LightGbm()),
    ("Mlp", Mlp()),
    // Stratified 5-fold out-of-fold probabilities of the three, then ML.NET's logistic regression on them.
    ("Stacking", trainers.Stacking([Mlp(), trainers.FastTree(), trainers.LightGbm()])),
];

Console.WriteLine($"{"model",-10} {"AUC",7} {"accuracy",9} {"F1",7} {"log loss",9}");
var results = new List<(string Name, ITransformer Model, CalibratedBinaryClassificationMetrics Metrics)>();
foreach (var (name, trainer) in candidates)
{
    ITransformer model = prepare.Append(trainer).Fit(split.TrainSet);
    var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    results.Add((name, model, metrics));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} {metrics.AreaUnderRocCurve,7:F4} {metrics.Accuracy,9:F4} {metrics.F1Score,7:F4} {metrics.LogLoss,9:F4}"));
}

// The best by AUC (then by log loss), saved and loaded back as an application would load it.
var best = results.OrderByDescending(r => r.Metrics.AreaUnderRocCurve).ThenBy(r => r.Metrics.LogLoss).First();
string modelPath = Path.Combine(Path.GetTempPath(), "breast-cancer-best-model.zip");
ml.Model.Save(best.Model, split.TrainSet.Schema, modelPath);
Console.WriteLine($"\nBest: {best.Name}, saved to {modelPath}");

var application = new MLContext();
ITransformer loaded = application.Model.Load(modelPath, out DataViewSchema _);
var engine = application.Model.CreatePredictionEngine<Tumour, Diagnosis>(loaded);
foreach (Tumour tumour in ml.Data.CreateEnumerable<Tumour>(split.TestSet, reuseRowObject: false).Take(5))
{
    Diagnosis diagnosis = engine.Predict(tumour);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"scores [{string.Join(" ", tumour.Features.Select(f => float.IsNaN(f) ? "?" : f.ToString(CultureInfo.InvariantCulture)))}], {tumour.Class,-9} → {(diagnosis.Malignant ? "malignant" : "benign"),-9} (P(malignant) = {diagnosis.Probability:F3})"));
}

/// <summary>One row of the CSV: the nine cytology scores and the class.</summary>
internal sealed class Tumour
{
    [LoadColumn(0, 8), VectorType(9)]
    public float[] Features { get; set; } = [];

    [LoadColumn(9)]
    public string Class { get; set; } = "";
}

/// <summary>What a binary prediction transformer adds.</summary>
internal sealed class Diagnosis
{
    [ColumnName("PredictedLabel")]
    public bool Malignant { get; set; }

    public float Probability { get; set; }
}
