using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Catalogs;

/// <summary>The user code of the design notes (../shared/DESIGN.md, "User code, as it must read"), line for line, on a
/// heart-disease file written for it: ML.NET's one-hot encoding, concatenation and normalization, our Mlp from ML.NET's
/// binary catalog, the typed model, ML.NET's evaluator, permutation feature importance over the whole model, Model.Save
/// and ConvertToOnnx; then what the notes leave implicit: the file loads in another process with no call into the
/// package, and ApplyOnnxModel on ONNX Runtime gives the probabilities again.</summary>
[TestClass]
public sealed class DesignExampleTests
{
    [TestMethod]
    public void TheDesignNotesExampleRunsAsWritten()
    {
        using var files = new TempFiles();
        string previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(files.Root);
        try
        {
            RunInCurrentDirectory(files);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    // The notes' code reads and writes relative paths: heart.csv, model.zip, model.onnx.
    private static void RunInCurrentDirectory(TempFiles files)
    {
        WriteHeartFile("heart.csv", rows: 600, seed: 3);

        // From here to the ONNX export: the design notes' code, unchanged.
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromTextFile<Patient>("heart.csv", separatorChar: ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("ChestPain")
            .Append(ml.Transforms.Concatenate("Features", "ChestPain", "Age", "Cholesterol"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [64, 32] }));
        var model = pipeline.Fit(split.TrainSet);
        NeuralNetworkModelParameters network = model.LastTransformer.Model;
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        var pfi = ml.BinaryClassification.PermutationFeatureImportanceNonCalibrated(model, model.Transform(split.TestSet));
        ml.Model.Save(model, data.Schema, "model.zip");
        using (var f = File.Create("model.onnx")) ml.Model.ConvertToOnnx(model, data, f);

        Assert.AreEqual(2, network.Network.Layers.Count(l => l is MLNet.NeuralExtensions.Engine.Dense) - 1, "two hidden dense layers");
        Assert.IsGreaterThan(0.8, metrics.AreaUnderRocCurve, $"AUC {metrics.AreaUnderRocCurve:F3}");

        // Importance per slot of Features, named by ML.NET's slot names; the signal is in Age and the typical-angina slot,
        // none in Cholesterol.
        Assert.HasCount(6, pfi);
        double Drop(string slot) => -pfi[slot].AreaUnderRocCurve.Mean;
        Assert.IsGreaterThan(Drop("Cholesterol"), Drop("Age"), $"Age {Drop("Age"):F3}, Cholesterol {Drop("Cholesterol"):F3}");
        Assert.IsGreaterThan(Drop("Cholesterol"), Drop("ChestPain.typical"), $"typical {Drop("ChestPain.typical"):F3}");

        float[] expected = [.. model.Transform(split.TestSet).GetColumn<float>("Probability")];
        string input = files.PathOf("test.idv"), output = files.PathOf("scored.idv");
        using (FileStream stream = File.Create(input))
        {
            ml.Data.SaveAsBinary(split.TestSet, stream);
        }

        ModelHost.Run(files.PathOf("model.zip"), input, output);
        CollectionAssert.AreEqual(expected, ml.Data.LoadFromBinary(output).GetColumn<float>("Probability").ToArray());

        float[] onnx = [.. ml.Transforms.ApplyOnnxModel(files.PathOf("model.onnx")).Fit(split.TestSet).Transform(split.TestSet).GetColumn<float[]>("Probability").Select(p => p[0])];
        Assert.HasCount(expected.Length, onnx);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], onnx[i], 1e-4f, $"row {i}");
        }
    }

    // Patients whose label depends on age and on typical angina, with noise; cholesterol is noise.
    private static void WriteHeartFile(string path, int rows, int seed)
    {
        var random = new Random(seed);
        string[] pains = ["typical", "atypical", "nonanginal", "asymptomatic"];
        var lines = new List<string> { "ChestPain,Age,Cholesterol,Label" };
        for (int r = 0; r < rows; r++)
        {
            string pain = pains[random.Next(pains.Length)];
            double age = 30 + (random.NextDouble() * 45), cholesterol = 150 + (random.NextDouble() * 150);
            double logit = ((age - 52) / 6) + (pain == "typical" ? 2.5 : 0) + (random.NextDouble() * 2) - 1;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{pain},{age:F0},{cholesterol:F0},{(logit > 0 ? "true" : "false")}"));
        }

        File.WriteAllLines(path, lines);
    }

    private sealed class Patient
    {
        [LoadColumn(0)]
        public string ChestPain { get; set; } = "";

        [LoadColumn(1)]
        public float Age { get; set; }

        [LoadColumn(2)]
        public float Cholesterol { get; set; }

        [LoadColumn(3)]
        public bool Label { get; set; }
    }
}
