using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.Transforms;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Autoencoder;

/// <summary>The detector and the encoder through ML.NET's ConvertToOnnx, scored by ONNX Runtime (ML.NET's
/// ApplyOnnxModel) against the pipeline. The tests of networks beyond one linear dense layer wait for
/// NetworkOnnxExport.Emit to export every layer type: until then they end inconclusive, naming what is missing.</summary>
[TestClass]
public sealed class AutoencoderOnnxTests
{
    [TestMethod]
    public void TheExportedDetectorScoresAndLabelsAsThePipeline()
    {
        // Waits for Emit: Dense, BatchNormalization, Activation and Dropout layers.
        var ml = new MLContext(1);
        var (train, test) = AnomalyData.Split(ml, AnomalyData.BreastCancer(ml));
        var pipeline = ml.Transforms.ReplaceMissingValues("Features")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.AnomalyDetection.Trainers.Autoencoder(AutoencoderTrainerTests.Small()));
        var model = pipeline.Fit(train);
        IDataView scored = model.Transform(test);

        using var files = new TempFiles();
        IDataView onnx = ScoreExported(ml, model, train, test, files);
        float[] expected = TrainerData.Scores(scored), actual = TrainerData.Scores(onnx, "Score");
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-4 * Math.Max(1, expected[i]), $"row {i}");
        }

        CollectionAssert.AreEqual(scored.GetColumn<bool>("PredictedLabel").ToArray(), onnx.GetColumn<bool[]>("PredictedLabel").Select(l => l[0]).ToArray(), "PredictedLabel");
    }

    [TestMethod]
    public void TheExportedLinearEncoderCodesAsThePipeline() => ExportedCodesMatch(AutoencoderEncodingTests.Linear());

    [TestMethod]
    public void TheExportedDefaultEncoderCodesAsThePipeline() => ExportedCodesMatch(AutoencoderTrainerTests.Small()); // waits for Emit

    private static void ExportedCodesMatch(AutoencoderOptions options)
    {
        var ml = new MLContext(1);
        var (train, test) = AutoencoderTrainerTests.BreastCancer(ml);
        var model = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Transforms.AutoencoderEncode("Code", options)).Fit(train);
        float[] expected = TrainerData.Scores(model.Transform(test), "Code");

        using var files = new TempFiles();
        float[] actual = TrainerData.Scores(ScoreExported(ml, model, train, test, files), "Code");
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-4, $"code value {i}");
        }
    }

    // Converts the model with ML.NET's converter and scores the test rows' features with ONNX Runtime.
    private static IDataView ScoreExported(MLContext ml, ITransformer model, IDataView train, IDataView test, TempFiles files)
    {
        string path = files.PathOf("model.onnx");
        using (FileStream file = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, Features(ml, train, files.PathOf("train.idv")), file);
        }

        return ml.Transforms.ApplyOnnxModel(path).Fit(test).Transform(Features(ml, test, files.PathOf("test.idv")));
    }

    // The data's "Features" alone, without the hidden columns that in-place transforms leave (which would rename the
    // graph's input).
    private static IDataView Features(MLContext ml, IDataView data, string path)
    {
        using (FileStream file = File.Create(path))
        {
            ml.Data.SaveAsBinary(ml.Transforms.SelectColumns("Features").Fit(data).Transform(data), file, keepHidden: false);
        }

        return ml.Data.LoadFromBinary(path);
    }
}
