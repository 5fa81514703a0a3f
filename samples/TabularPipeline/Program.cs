// The main sample, an ML.NET program: load a CSV with ML.NET's text loader, prepare it with ML.NET's transforms (missing
// values, concatenation, normalization), train our multilayer perceptron beside ML.NET's FastTree
// on the same features, evaluate both with ML.NET's evaluator, cross-validate, rank the features with ML.NET's
// permutation feature importance, save the model in an ML.NET model file, load it back, predict single rows, and export
// the whole pipeline with ML.NET's ONNX converter, scored back through ONNX Runtime.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "pima-diabetes.csv");
IDataView data = ml.Data.LoadFromTextFile<Patient>(dataPath, separatorChar: ',', hasHeader: true, allowQuoting: true);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);

var features = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["pos"] = true, ["neg"] = false }, "Diabetes")
    .Append(ml.Transforms.ReplaceMissingValues([new("Glucose"), new("Pressure"), new("Triceps"), new("Insulin"), new("Mass")],
        Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean))
    .Append(ml.Transforms.Concatenate("Features", "Pregnant", "Glucose", "Pressure", "Triceps", "Insulin", "Mass", "Pedigree", "Age"))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"));

var mlpOptions = new MlpOptions { HiddenLayers = [32, 16], DropoutRate = 0.1f, Epochs = 60 };
var model = ConsoleTraining.Run("Mlp on Pima diabetes", progress =>
{
    mlpOptions.Progress = progress;
    return features.Append(ml.BinaryClassification.Trainers.Mlp(mlpOptions)).Fit(split.TrainSet);
});
mlpOptions.Progress = null;
var fastTree = features.Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 100)).Fit(split.TrainSet);

NeuralNetworkModelParameters network = model.LastTransformer.Model;
Console.WriteLine(network.Network.Summary());
Console.WriteLine($"Trained for {network.History.Epochs.Count} epochs: loss {network.History.Epochs[0].Loss:F3} → {network.History.Epochs[^1].Loss:F3}; scoring with {network.ActiveBackend}.");
CalibratedBinaryClassificationMetrics ours = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
CalibratedBinaryClassificationMetrics trees = ml.BinaryClassification.Evaluate(fastTree.Transform(split.TestSet));
Console.WriteLine($"Test set   Mlp: AUC {ours.AreaUnderRocCurve:F3}, accuracy {ours.Accuracy:P1}, F1 {ours.F1Score:F3}, log loss {ours.LogLoss:F3}");
Console.WriteLine($"      FastTree: AUC {trees.AreaUnderRocCurve:F3}, accuracy {trees.Accuracy:P1}, F1 {trees.F1Score:F3}, log loss {trees.LogLoss:F3}");

var folds = ml.BinaryClassification.CrossValidate(split.TrainSet, features.Append(ml.BinaryClassification.Trainers.Mlp(mlpOptions)), numberOfFolds: 5);
Console.WriteLine($"5-fold cross-validation of the Mlp: AUC {string.Join(", ", folds.Select(f => f.Metrics.AreaUnderRocCurve.ToString("F3")))}");

IDataView scoredTest = model.Transform(split.TestSet);
var importance = ml.BinaryClassification.PermutationFeatureImportanceNonCalibrated(model, scoredTest, permutationCount: 3);
Console.WriteLine("Permutation feature importance (drop in AUC): " + string.Join(", ",
    importance.OrderBy(p => p.Value.AreaUnderRocCurve.Mean).Take(4).Select(p => $"{p.Key} {-p.Value.AreaUnderRocCurve.Mean:F3}")));

string modelPath = Path.Combine(Path.GetTempPath(), "pima-mlp.zip");
ml.Model.Save(model, data.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out DataViewSchema inputSchema);
Console.WriteLine($"Saved and reloaded {modelPath} ({new FileInfo(modelPath).Length} bytes, input schema of {inputSchema.Count} columns).");
float[] before = [.. scoredTest.GetColumn<float>("Probability")];
float[] after = [.. loaded.Transform(split.TestSet).GetColumn<float>("Probability")];
bool identical = before.SequenceEqual(after);
Console.WriteLine(identical ? "The reloaded model reproduces the original probabilities exactly." : "MISMATCH between the original and the reloaded model.");

using var engine = ml.Model.CreatePredictionEngine<Patient, Diagnosis>(loaded);
var patient = new Patient { Pregnant = 2, Glucose = 160, Pressure = 72, Triceps = 35, Insulin = float.NaN, Mass = 33.6f, Pedigree = 0.627f, Age = 45, Diabetes = "" };
Diagnosis diagnosis = engine.Predict(patient);
Console.WriteLine($"Prediction engine: diabetes {(diagnosis.PredictedLabel ? "likely" : "unlikely")}, probability {diagnosis.Probability:F3}.");

// The scoring part of the pipeline (the label's mapping is for training) goes through ML.NET's ONNX converter whole.
string onnxPath = Path.Combine(Path.GetTempPath(), "pima-mlp.onnx");
double difference = OnnxCheck.LargestDifference(ml, new TransformerChain<ITransformer>([.. model.Skip(1)]), split.TestSet, onnxPath, "Probability");
Console.WriteLine($"ONNX Runtime scores {onnxPath} within {difference:G2} of the pipeline.");
return identical && difference < 1e-4 && ours.AreaUnderRocCurve >= 0.75 ? 0 : 1;

/// <summary>One row of pima-diabetes.csv (an empty cell is a missing value).</summary>
internal sealed class Patient
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

/// <summary>The model's outputs for one patient.</summary>
internal sealed class Diagnosis
{
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }
}
