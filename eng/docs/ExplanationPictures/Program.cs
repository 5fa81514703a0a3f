// Makes the pictures of the README's "Explanations and adversarial robustness" section (docs/images): a tabular worked
// example (an Mlp on breast-cancer: Integrated Gradients and Kernel SHAP) and an image one (a Cnn on the 8 × 8 digits:
// Grad-CAM and Integrated Gradients heat maps), and prints the figures the README quotes.
// Usage: eng/docs/make-explanation-pictures.sh   (or dotnet run --project eng/docs/ExplanationPictures -c Release -- <test data> <out>)
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

string data = args.Length > 0 ? args[0] : "test/TestData";
string output = args.Length > 1 ? args[1] : "docs/images";
Directory.CreateDirectory(output);
var ml = new MLContext(seed: 1);

// Tabular: why does the Mlp call a tumour malignant?
string[] measurements = ["Thickness", "CellSize", "CellShape", "Adhesion", "EpithelialSize", "BareNuclei", "Chromatin", "Nucleoli", "Mitoses"];
IDataView cells = ml.Data.LoadFromTextFile(Path.Combine(data, "breast-cancer.csv"),
    [.. measurements.Select((name, i) => new TextLoader.Column(name, DataKind.Single, i)), new TextLoader.Column("Class", DataKind.String, 9)],
    separatorChar: ',', hasHeader: true, allowQuoting: true);
var split = ml.Data.TrainTestSplit(cells, testFraction: 0.2, seed: 1);
var pipeline = ml.Transforms.Concatenate("Features", measurements)
    .Append(ml.Transforms.ReplaceMissingValues("Features", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    .Append(ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["malignant"] = true, ["benign"] = false }, "Class"))
    .Append(ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [32], Epochs = 50, Seed = 1 }));
var model = pipeline.Fit(split.TrainSet);
IDataView scored = model.Transform(split.TestSet);
Console.WriteLine($"breast-cancer Mlp: test AUC {ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve:F4}");

// Integrated Gradients from the all-zero baseline: the standardized features' means, the average patient.
IDataView ig = ml.Transforms.ExplainByIntegratedGradients(model, steps: 64).Fit(scored).Transform(scored);
float[] importance = AttributionSummary.MeanAbsolute(ig);
VBuffer<ReadOnlyMemory<char>> names = default;
ig.Schema["Attributions"].GetSlotNames(ref names);
string[] features = [.. names.DenseValues().Select(n => n.ToString())];
Console.WriteLine("mean |IG| per feature: " + string.Join(", ", importance.Select((v, i) => (v, i)).OrderByDescending(p => p.v).Select(p => $"{features[p.i]} {p.v:F2}")));
float[] first = ig.GetColumn<float[]>("Attributions").First();
float score = scored.GetColumn<float>("Score").First();
float baselineScore = model.LastTransformer.Transform(ml.Data.LoadFromEnumerable([new Row { Features = new float[9] }], SchemaDefinitionFor(9)))
    .GetColumn<float>("Score").First();
Console.WriteLine($"row 0: Σ IG {first.Sum():F4}, f(x) − f(baseline) {score - baselineScore:F4}");
AttributionSummary.SaveBarChart(ig, Path.Combine(output, "breast-cancer-ig-bar.png"), width: 640, height: 360);

// Kernel SHAP, against 100 training rows, of the same model.
IDataView shap = ml.Transforms.ExplainByKernelShap(model, backgroundSize: 100).Fit(model.Transform(split.TrainSet)).Transform(scored);
AttributionSummary.SaveBeeswarmChart(shap, Path.Combine(output, "breast-cancer-shap-beeswarm.png"), width: 640, height: 360);

// Images: where does the Cnn look on a digit?
IDataView digits = ml.Data.LoadFromTextFile(Path.Combine(data, "digits-8x8.csv"),
    [new TextLoader.Column("Features", DataKind.Single, 0, 63), new TextLoader.Column("Digit", DataKind.Single, 64)], separatorChar: ',', hasHeader: true);
var digitSplit = ml.Data.TrainTestSplit(digits, testFraction: 0.2, seed: 1);
var cnnPipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Digit", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
    .Append(ml.Transforms.NormalizeGlobalContrast("Features", ensureUnitStandardDeviation: true))
    .Append(ml.MulticlassClassification.Trainers.Cnn(new CnnOptions { ConvolutionFilters = [16, 32], HiddenLayers = [64], Epochs = 15, LearningRate = 2e-3f, Seed = 1 }));
var cnn = cnnPipeline.Fit(digitSplit.TrainSet);
IDataView digitScores = cnn.Transform(digitSplit.TestSet);
Console.WriteLine($"digits Cnn: test micro-accuracy {ml.MulticlassClassification.Evaluate(digitScores).MicroAccuracy:F4}");
float[] labels = [.. digitScores.GetColumn<float>("Digit")];
foreach (int digit in new[] { 0, 3, 7 })
{
    // The first test image of the digit, explained for its own class.
    int row = Array.IndexOf(labels, digit);
    IDataView one = ml.Data.TakeRows(ml.Data.SkipRows(digitScores, row), 1);
    float[] image = one.GetColumn<float[]>("Features").Single();
    float[] gradCam = ml.Transforms.ExplainByGradCam(cnn, classIndex: digit).Fit(one).Transform(one).GetColumn<float[]>("Attributions").Single();
    float[] integrated = ml.Transforms.ExplainByIntegratedGradients(cnn, classIndex: digit).Fit(one).Transform(one).GetColumn<float[]>("Attributions").Single();
    AttributionHeatmap.Save(image, gradCam, 8, 8, Path.Combine(output, $"digit-{digit}-gradcam.png"), pixelsPerCell: 16);
    AttributionHeatmap.Save(image, integrated, 8, 8, Path.Combine(output, $"digit-{digit}-ig.png"), pixelsPerCell: 16);
    AttributionHeatmap.Save(image, new float[64], 8, 8, Path.Combine(output, $"digit-{digit}.png"), pixelsPerCell: 16, opacity: 0f);
    Console.WriteLine($"digit {digit} (test row {row}): Grad-CAM peak {gradCam.Max():G3} at pixel {Array.IndexOf(gradCam, gradCam.Max())}, Σ IG {integrated.Sum():F3}");
}

Console.WriteLine($"pictures in {Path.GetFullPath(output)}");

static SchemaDefinition SchemaDefinitionFor(int size)
{
    var definition = SchemaDefinition.Create(typeof(Row));
    definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
    return definition;
}

/// <summary>A row of the network's features, for scoring the baseline.</summary>
internal sealed class Row
{
    public float[] Features { get; set; } = [];
}
