// The main sample: load a CSV the ML.NET way, split it, fit a pipeline that normalizes the features and trains a
// multilayer perceptron (with a progress bar), evaluate it, save the model as one file, load it back, score single rows
// with a prediction engine, and score the exported ONNX model through ONNX Runtime. The network scores through ONNX
// Runtime when its native library is present (eng/run-sample.sh fetches it), else through the managed engine.
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "iris.csv");
IDataView data = ml.Data.LoadFromTextFile<IrisRow>(dataPath, separatorChar: ',', hasHeader: true, allowQuoting: true);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

var model = ConsoleTraining.Run("MLP on iris", progress =>
    ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
        .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false))
        .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Species"))
        .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [16], Epochs = 100, LearningRate = 0.01f, Seed = 1, Progress = progress }))
        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"))
        .Fit(split.TrainSet));

var network = model.OfType<MulticlassPredictionTransformer<NeuralNetworkModelParameters>>().Single().Model;
Console.WriteLine($"Trained {network.Network.ParameterCount} weights for {network.History.Epochs.Count} epochs: loss {network.History.Epochs[0].Loss:F3} → {network.History.Epochs[^1].Loss:F3}; scoring with {network.ActiveBackend}.");
MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
Console.WriteLine($"Test set: micro-accuracy {metrics.MicroAccuracy:P1}, macro-accuracy {metrics.MacroAccuracy:P1}, log-loss {metrics.LogLoss:F3}.");

string modelPath = Path.Combine(Path.GetTempPath(), "iris-mlp.zip");
ml.Model.Save(model, data.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out DataViewSchema inputSchema);
Console.WriteLine($"Saved and reloaded {modelPath} ({new FileInfo(modelPath).Length} bytes, input schema of {inputSchema.Count} columns).");

using var engine = ml.Model.CreatePredictionEngine<IrisRow, IrisPrediction>(loaded);
var sample = new IrisRow { SepalLength = 6.3f, SepalWidth = 2.9f, PetalLength = 5.6f, PetalWidth = 1.8f, Species = "virginica" };
IrisPrediction prediction = engine.Predict(sample);
Console.WriteLine($"Prediction engine: {prediction.PredictedSpecies} (probabilities {string.Join(", ", prediction.Score.Select(p => p.ToString("F3")))}).");

var before = ml.Data.CreateEnumerable<IrisPrediction>(model.Transform(split.TestSet), reuseRowObject: false).ToArray();
var after = ml.Data.CreateEnumerable<IrisPrediction>(loaded.Transform(split.TestSet), reuseRowObject: false).ToArray();
bool identical = before.Length == after.Length && before.Zip(after).All(p => p.First.PredictedSpecies == p.Second.PredictedSpecies && p.First.Score.SequenceEqual(p.Second.Score));
Console.WriteLine(identical ? "Reloaded model reproduces the original scores exactly." : "MISMATCH between the original and the reloaded model.");

// ONNX: the label's key mappings are for training and display, so the scoring part (features and network) is exported.
var scoring = new TransformerChain<ITransformer>([.. model.Where(t => t is not ValueToKeyMappingTransformer and not KeyToValueMappingTransformer)]);
string onnxPath = Path.Combine(Path.GetTempPath(), "iris-mlp.onnx");
double difference = OnnxCheck.LargestScoreDifference(ml, scoring, split.TestSet, ["SepalLength", "SepalWidth", "PetalLength", "PetalWidth"], onnxPath, [.. before.SelectMany(p => p.Score)]);
Console.WriteLine($"ONNX Runtime scores {onnxPath} within {difference:G2} of the pipeline.");
return identical && difference < 1e-4 && metrics.MicroAccuracy >= 0.85 ? 0 : 1;

/// <summary>One row of iris.csv.</summary>
internal sealed class IrisRow
{
    [LoadColumn(0)]
    public float SepalLength { get; set; }

    [LoadColumn(1)]
    public float SepalWidth { get; set; }

    [LoadColumn(2)]
    public float PetalLength { get; set; }

    [LoadColumn(3)]
    public float PetalWidth { get; set; }

    [LoadColumn(4)]
    public string Species { get; set; } = string.Empty;
}

/// <summary>The model's outputs for one row.</summary>
internal sealed class IrisPrediction
{
    [VectorType(3)]
    public float[] Score { get; set; } = [];

    public string PredictedSpecies { get; set; } = string.Empty;
}
