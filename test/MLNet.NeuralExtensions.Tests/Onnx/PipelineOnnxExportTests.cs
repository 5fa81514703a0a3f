using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Tests.Onnx;

[TestClass]
public sealed class PipelineOnnxExportTests
{
    private sealed class Row
    {
        public float A { get; set; }

        public float B { get; set; }

        [VectorType(2)]
        public float[] C { get; set; } = [];

        public int Count { get; set; }

        public string Name { get; set; } = "";
    }

    private sealed class Scored
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        [VectorType(4)]
        public double[] Wide { get; set; } = [];

        public float Copy { get; set; }

        public float CountAsFloat { get; set; }
    }

    private static readonly Row[] s_rows =
    [
        new() { A = 1.5f, B = -2, C = [0.25f, 3], Count = 4, Name = "x" },
        new() { A = -7, B = 0, C = [1e-3f, -8.5f], Count = -2, Name = "y" },
        new() { A = 0, B = 9.75f, C = [2, 2], Count = 0, Name = "z" },
    ];

    private static IEstimator<ITransformer> NumericPipeline(MLContext ml) =>
        ml.Transforms.Concatenate("Features", "A", "C", "B")
            .Append(ml.Transforms.Conversion.ConvertType("Wide", "Features", DataKind.Double))
            .Append(ml.Transforms.CopyColumns("Copy", "A"))
            .Append(ml.Transforms.Conversion.ConvertType("CountAsFloat", "Count", DataKind.Single))
            .Append(ml.Transforms.DropColumns("B", "Name"));

    [TestMethod]
    public void ANumericPipelineScoresThroughOnnxRuntimeAsItTransforms()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(s_rows);
        ITransformer model = NumericPipeline(ml).Fit(data);
        Scored[] expected = [.. ml.Data.CreateEnumerable<Scored>(model.Transform(data), false)];

        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, stream);
        using var scorer = new OnnxScorer(stream.ToArray());
        CollectionAssert.AreEquivalent(new[] { "A", "B", "C", "Count" }, scorer.Inputs.Select(i => i.Name).ToArray(), "columns are inputs only when the graph reads them");
        CollectionAssert.AreEquivalent(new[] { "A.output", "C.output", "Count.output", "Features.output", "Wide.output", "Copy.output", "CountAsFloat.output" },
            scorer.Outputs.Select(o => o.Name).ToArray());

        int n = s_rows.Length;
        var outputs = scorer.Run(new Dictionary<string, OnnxTensor>
        {
            ["A"] = OnnxTensor.Create(s_rows.Select(r => r.A).ToArray(), n, 1),
            ["B"] = OnnxTensor.Create(s_rows.Select(r => r.B).ToArray(), n, 1),
            ["C"] = OnnxTensor.Create(s_rows.SelectMany(r => r.C).ToArray(), n, 2),
            ["Count"] = OnnxTensor.Create(s_rows.Select(r => r.Count).ToArray(), n, 1),
        });
        CollectionAssert.AreEqual(expected.SelectMany(e => e.Features).ToArray(), outputs["Features.output"].GetData<float>());
        CollectionAssert.AreEqual(expected.SelectMany(e => e.Wide).ToArray(), outputs["Wide.output"].GetData<double>());
        CollectionAssert.AreEqual(expected.Select(e => e.Copy).ToArray(), outputs["Copy.output"].GetData<float>());
        CollectionAssert.AreEqual(expected.Select(e => e.CountAsFloat).ToArray(), outputs["CountAsFloat.output"].GetData<float>());
    }

    [TestMethod]
    public void TheExportedPipelinePassesOnnxChecker()
    {
        OnnxCheckerTests.RequireOnnxPackage();
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(s_rows);
        using var files = new TempFiles();
        using (FileStream file = File.Create(files.PathOf("pipeline.onnx")))
        {
            ml.Model.ConvertToOnnx(NumericPipeline(ml).Fit(data), data, file);
        }

        var (exitCode, output) = OnnxCheckerTests.RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
    }

    [TestMethod]
    public void AComponentThatCannotExportSaysWhichAndWhy()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(s_rows);
        using var stream = new MemoryStream();
        ITransformer parse = ml.Transforms.Conversion.ConvertType("Parsed", "Name", DataKind.Single).Fit(data);
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(parse, data, stream));
        StringAssert.Contains(ex.Message, "ConvertType of column 'Name' from String to Single");

        ITransformer keys = ml.Transforms.Conversion.MapValueToKey("Key", "Name").Fit(data);
        ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(keys, data, stream));
        StringAssert.Contains(ex.Message, "ValueToKeyMappingTransformer cannot be exported to ONNX");
    }
}
