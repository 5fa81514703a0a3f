using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Onnx;

/// <summary>Every trained network through ML.NET's converter and back through ML.NET's ApplyOnnxModel (ONNX Runtime):
/// the task's columns as the prediction transformer gives them.</summary>
[TestClass]
public sealed class TrainerOnnxExportTests
{
    public static IEnumerable<object[]> Trainers => TrainerConformanceTests.Trainers;

    [TestMethod]
    [DynamicData(nameof(Trainers))]
    public void ApplyOnnxModelReproducesTheTrainersOutputs(string family, string task, string[] outputs)
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerConformanceTests.Split(ml, family, task);
        NeuralNetworkOptions options = TrainerConformanceTests.Small(family);
        options.ScoringBackend = ScoringBackend.Managed;
        ITransformer model = TrainerConformanceTests.Trainer(ml, family, task, options).Fit(train);

        // The exported graph reads the feature column only, as a scoring application feeds it: a view of nothing else
        // (ML.NET's converter declares the columns of the whole chain of views behind the data it is given).
        IDataView features = FeaturesOnly(ml, test);
        using var files = new TempFiles();
        string path = files.PathOf($"{family}-{task}.onnx");
        using (FileStream stream = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, features, stream);
        }

        IDataView expected = model.Transform(features);
        IDataView actual = ml.Transforms.ApplyOnnxModel(path).Fit(features).Transform(features);
        foreach (string column in outputs)
        {
            AssertColumnsAgree(expected, actual, column);
        }

        // The checker rejects ML.NET's own node for a multiclass Score's slot names (the label's key values), as it does
        // for ML.NET's multiclass trainers (below); the rest of the graph passes.
        OnnxChecker.RequireOnnxPackage();
        OnnxChecker.AssertAllPass(files.Root, 1, ignoreMLNetSlotNames: expected.Schema["Score"].HasSlotNames());
    }

    [TestMethod]
    public void ScoreSlotNamesFailOnnxCheckerForMLNetsOwnTrainersToo()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "iris");
        IDataView features = FeaturesOnly(ml, train);
        using var files = new TempFiles();
        using (FileStream stream = File.Create(files.PathOf("sdca.onnx")))
        {
            ml.Model.ConvertToOnnx(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy().Fit(train), features, stream);
        }

        OnnxChecker.RequireOnnxPackage();
        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(1, exitCode, output);
        StringAssert.Contains(output, "node name: mlnet.Score.SlotNames): [ShapeInferenceError] Inferred shape and existing shape differ");
    }

    [TestMethod]
    public void SequencesOfVaryingLengthExportWithEachRowsLength()
    {
        var ml = new MLContext(1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 60).Select(_ =>
        {
            float[] values = [.. Enumerable.Range(0, 2 * random.Next(1, 6)).Select(_ => random.NextSingle() - 0.5f)];
            return new SequenceRow { Features = values, Label = values.Sum() > 0 };
        }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.BinaryClassification.Trainers.Lstm(new LstmOptions
        {
            FeaturesPerStep = 2,
            SequencesOfVaryingLength = true,
            MaximumSequenceLength = 5,
            RecurrentUnits = [4],
            Bidirectional = true,
            Epochs = 2,
            Seed = 1,
            ScoringBackend = ScoringBackend.Managed,
        }).Fit(data);
        IDataView features = ml.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r.Features }).ToArray());
        using var files = new TempFiles();
        string path = files.PathOf("varying.onnx");
        using (FileStream stream = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, features, stream);
        }

        OnnxChecker.RequireOnnxPackage();
        OnnxChecker.AssertAllPass(files.Root, 1);

        // ApplyOnnxModel feeds a varying-size column one row at a time, so each batch's width is that row's length.
        IDataView actual = ml.Transforms.ApplyOnnxModel(path).Fit(features).Transform(features);
        AssertColumnsAgree(model.Transform(features), actual, "Score");
        AssertColumnsAgree(model.Transform(features), actual, "Probability");
    }

    private static IDataView FeaturesOnly(MLContext ml, IDataView data)
    {
        int size = ((VectorDataViewType)data.Schema["Features"].Type).Size;
        var definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(data.GetColumn<float[]>("Features").Select(f => new FeatureRow { Features = f }).ToArray(), definition);
    }

    private static void AssertColumnsAgree(IDataView expected, IDataView actual, string column)
    {
        DataViewSchema.Column mine = expected.Schema[column];
        if (mine.Type is BooleanDataViewType)
        {
            CollectionAssert.AreEqual(expected.GetColumn<bool>(column).ToArray(), actual.GetColumn<bool[]>(column).Select(v => v.Single()).ToArray(), column);
            return;
        }

        if (mine.Type is KeyDataViewType)
        {
            CollectionAssert.AreEqual(expected.GetColumn<uint>(column).ToArray(), actual.GetColumn<uint[]>(column).Select(v => v.Single()).ToArray(), column);
            return;
        }

        float[] e = TrainerData.Scores(expected, column);
        float[] a = [.. actual.GetColumn<float[]>(column).SelectMany(v => v)];
        Assert.HasCount(e.Length, a, column);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.AreEqual(e[i], a[i], 1e-4, $"{column}, value {i}");
        }
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class SequenceRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
