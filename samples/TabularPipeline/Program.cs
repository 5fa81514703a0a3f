// The main sample: load a CSV the ML.NET way, build a pipeline, split, fit, save the model as one file,
// load it back and score single rows with a prediction engine. Trainers join this pipeline as the
// neural-network issues land; until then the pipeline ends with the feature and label preparation.
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Data;

var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "iris.csv");
IDataView data = ml.Data.LoadFromTextFile<IrisRow>(dataPath, separatorChar: ',', hasHeader: true, allowQuoting: true);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

var pipeline = ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
    .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Species"));
ITransformer model = pipeline.Fit(split.TrainSet);

IDataView transformed = model.Transform(split.TestSet);
long trainRows = ml.Data.CreateEnumerable<IrisRow>(split.TrainSet, reuseRowObject: true).LongCount();
long testRows = ml.Data.CreateEnumerable<IrisRow>(split.TestSet, reuseRowObject: true).LongCount();
Console.WriteLine($"Loaded {trainRows + testRows} rows: {trainRows} for training, {testRows} for testing.");
Console.WriteLine($"Output columns: {string.Join(", ", transformed.Schema.Where(c => !c.IsHidden).Select(c => $"{c.Name} ({c.Type})"))}");

string modelPath = Path.Combine(Path.GetTempPath(), "iris-pipeline.zip");
ml.Model.Save(model, data.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out DataViewSchema inputSchema);
Console.WriteLine($"Saved and reloaded {modelPath} ({new FileInfo(modelPath).Length} bytes, input schema of {inputSchema.Count} columns).");

using var engine = ml.Model.CreatePredictionEngine<IrisRow, PreparedRow>(loaded);
var sample = new IrisRow { SepalLength = 6.3f, SepalWidth = 2.9f, PetalLength = 5.6f, PetalWidth = 1.8f, Species = "virginica" };
PreparedRow prepared = engine.Predict(sample);
Console.WriteLine($"Prediction engine: Features = [{string.Join(", ", prepared.Features)}], Label key = {prepared.Label}");

var before = ml.Data.CreateEnumerable<PreparedRow>(transformed, reuseRowObject: false).ToArray();
var after = ml.Data.CreateEnumerable<PreparedRow>(loaded.Transform(split.TestSet), reuseRowObject: false).ToArray();
bool identical = before.Length == after.Length && before.Zip(after).All(p => p.First.Label == p.Second.Label && p.First.Features.SequenceEqual(p.Second.Features));
Console.WriteLine(identical ? "Reloaded model reproduces the original output exactly." : "MISMATCH between the original and the reloaded model.");
return identical ? 0 : 1;

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

/// <summary>The prepared features and label key.</summary>
internal sealed class PreparedRow
{
    [VectorType(4)]
    public float[] Features { get; set; } = [];

    public uint Label { get; set; }
}
