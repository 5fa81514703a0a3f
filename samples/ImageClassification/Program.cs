// The CNN sample, an ML.NET program: 8×8 images of handwritten digits held as 64 pixel columns. ML.NET's NormalizeMinMax
// scales every pixel to [0, 1] and MapValueToKey maps the digit to a key; our convolutional network trains over the
// 1×8×8 images with a progress bar; ML.NET's evaluator scores the held-out images; the model is saved in an ML.NET model
// file and reloaded, and the scoring part goes through ML.NET's ONNX converter and back through ONNX Runtime.
// Run with: eng/run-sample.sh ImageClassification
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "digits-8x8.csv");
IDataView data = ml.Data.LoadFromTextFile<DigitImage>(dataPath, separatorChar: ',', hasHeader: true);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

var model = ConsoleTraining.Run("CNN on digits", progress =>
    ml.Transforms.NormalizeMinMax("Pixels")
        .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Digit", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
        .Append(ml.MulticlassClassification.Trainers.Cnn(new CnnOptions
        {
            FeatureColumnName = "Pixels",
            ImageHeight = 8,
            ImageWidth = 8,
            ConvolutionFilters = [16, 32],
            HiddenLayers = [64],
            Epochs = 15,
            LearningRate = 2e-3f,
            Seed = 1,
            Progress = progress,
        }))
        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedDigit", "PredictedLabel"))
        .Fit(split.TrainSet));

NeuralNetworkModelParameters cnn = NeuralNetworkModelParameters.From(model);
Console.WriteLine(cnn.Network.Summary());
MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
Console.WriteLine($"Test set: micro-accuracy {metrics.MicroAccuracy:P1}, macro-accuracy {metrics.MacroAccuracy:P1}, log-loss {metrics.LogLoss:F3}.");
Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());

string modelPath = Path.Combine(Path.GetTempPath(), "digits-cnn.zip");
ml.Model.Save(model, data.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out _);
var before = ml.Data.CreateEnumerable<DigitPrediction>(model.Transform(split.TestSet), reuseRowObject: false).ToArray();
var after = ml.Data.CreateEnumerable<DigitPrediction>(loaded.Transform(split.TestSet), reuseRowObject: false).ToArray();
bool identical = before.Zip(after).All(p => p.First.PredictedDigit == p.Second.PredictedDigit && p.First.Score.SequenceEqual(p.Second.Score));
Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length} bytes); the reloaded model {(identical ? "scores identically" : "SCORES DIFFERENTLY")}.");

// The label's key mappings are for training and display; what scores is the pixels' scaling and the network.
var scoring = new TransformerChain<ITransformer>([.. model.Where(t => t is not ValueToKeyMappingTransformer and not KeyToValueMappingTransformer)]);
string onnxPath = Path.Combine(Path.GetTempPath(), "digits-cnn.onnx");
double difference = OnnxCheck.LargestDifference(ml, scoring, split.TestSet, onnxPath, "Score");
Console.WriteLine($"ONNX Runtime scores {onnxPath} within {difference:G2} of the pipeline.");
return identical && difference < 1e-4 && metrics.MicroAccuracy >= 0.95 ? 0 : 1;

/// <summary>One row of digits-8x8.csv: 64 pixels, row by row, and the digit.</summary>
internal sealed class DigitImage
{
    [LoadColumn(0, 63)]
    [VectorType(64)]
    public float[] Pixels { get; set; } = [];

    [LoadColumn(64)]
    public float Digit { get; set; }
}

/// <summary>The model's outputs for one image.</summary>
internal sealed class DigitPrediction
{
    [VectorType(10)]
    public float[] Score { get; set; } = [];

    public float PredictedDigit { get; set; }
}
