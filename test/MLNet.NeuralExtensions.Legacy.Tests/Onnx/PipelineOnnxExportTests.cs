using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Transforms;

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

    private sealed class WideRow
    {
        public double Value { get; set; }
    }

    private sealed class KeyScored
    {
        [KeyType(3)]
        public uint NameKey { get; set; }

        [KeyType(3)]
        public uint CountKey { get; set; }

        [VectorType(2)]
        [KeyType(5)]
        public uint[] CKey { get; set; } = [];

        public string NameBack { get; set; } = "";

        public int CountBack { get; set; }

        [VectorType(3)]
        public float[] NameHot { get; set; } = [];

        [VectorType(5)]
        public float[] CBag { get; set; } = [];

        [VectorType(2)]
        public float[] CountBits { get; set; } = [];
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
        OnnxChecker.RequireOnnxPackage();
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(s_rows);
        using var files = new TempFiles();
        using (FileStream file = File.Create(files.PathOf("pipeline.onnx")))
        {
            ml.Model.ConvertToOnnx(NumericPipeline(ml).Fit(data), data, file);
        }

        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
    }

    [TestMethod]
    public void KeyMappingAndOneHotEncodingScoreThroughOnnxRuntimeAsTheyTransform()
    {
        var ml = new MLContext(1);
        IDataView training = ml.Data.LoadFromEnumerable(s_rows);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("NameKey", "Name")
            .Append(ml.Transforms.Conversion.MapValueToKey("CountKey", "Count", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
            .Append(ml.Transforms.Conversion.MapValueToKey("CKey", "C"))
            .Append(ml.Transforms.Conversion.MapKeyToValue("NameBack", "NameKey"))
            .Append(ml.Transforms.Conversion.MapKeyToValue("CountBack", "CountKey"))
            .Append(ml.Transforms.Categorical.OneHotEncoding("NameHot", "Name"))
            .Append(ml.Transforms.Categorical.OneHotEncoding("CBag", "C", OneHotEncodingEstimator.OutputKind.Bag))
            .Append(ml.Transforms.Categorical.OneHotEncoding("CountBits", "Count", OneHotEncodingEstimator.OutputKind.Binary))
            .Append(ml.Transforms.SelectColumns("NameKey", "CountKey", "CKey", "NameBack", "CountBack", "NameHot", "CBag", "CountBits"));
        ITransformer model = pipeline.Fit(training);

        // Scored rows hold seen values, unseen ones ("w", 7, 5) and a missing one (NaN).
        Row[] rows = [.. s_rows, new() { C = [5, float.NaN], Count = 7, Name = "w" }, new() { C = [2, 1e-3f], Count = -2, Name = "" }];
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        KeyScored[] expected = [.. ml.Data.CreateEnumerable<KeyScored>(model.Transform(data), false)];
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, ml.Transforms.DropColumns("A", "B").Fit(data).Transform(data), stream);
        using var scorer = new OnnxScorer(stream.ToArray());
        int n = rows.Length;
        var outputs = scorer.Run(new Dictionary<string, OnnxTensor>
        {
            ["C"] = OnnxTensor.Create(rows.SelectMany(r => r.C).ToArray(), n, 2),
            ["Count"] = OnnxTensor.Create(rows.Select(r => r.Count).ToArray(), n, 1),
            ["Name"] = OnnxTensor.CreateText(rows.Select(r => r.Name).ToArray(), n, 1),
        });
        CollectionAssert.AreEqual(new uint[] { 1, 2, 3, 0, 0 }, outputs["NameKey.output"].GetData<uint>(), "text keys, 0 for unseen");
        CollectionAssert.AreEqual(expected.Select(e => e.NameKey).ToArray(), outputs["NameKey.output"].GetData<uint>());
        CollectionAssert.AreEqual(expected.Select(e => e.CountKey).ToArray(), outputs["CountKey.output"].GetData<uint>());
        CollectionAssert.AreEqual(expected.SelectMany(e => e.CKey).ToArray(), outputs["CKey.output"].GetData<uint>());
        CollectionAssert.AreEqual(expected.Select(e => e.NameBack).ToArray(), outputs["NameBack.output"].GetText(), "keys back to text, empty for missing");
        CollectionAssert.AreEqual(expected.Select(e => e.CountBack).ToArray(), outputs["CountBack.output"].GetData<int>());
        CollectionAssert.AreEqual(expected.SelectMany(e => e.NameHot).ToArray(), outputs["NameHot.output"].GetData<float>());
        CollectionAssert.AreEqual(expected.SelectMany(e => e.CBag).ToArray(), outputs["CBag.output"].GetData<float>());
        CollectionAssert.AreEqual(expected.SelectMany(e => e.CountBits).ToArray(), outputs["CountBits.output"].GetData<float>());
        Assert.IsTrue(expected[3].NameHot.All(v => v == 0) && expected[3].CBag.Sum() == 0 && expected[1].CountBits.Any(v => v == 1), "unseen values encode to zeros, seen ones do not");

        OnnxChecker.RequireOnnxPackage();
        using var files = new TempFiles();
        File.WriteAllBytes(files.PathOf("keys.onnx"), stream.ToArray());
        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
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

        ITransformer neighbours = ml.Transforms.ReplaceMissingValuesByNearestNeighbors("C").Fit(data);
        ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(neighbours, data, stream));
        StringAssert.Contains(ex.Message, "Nearest-neighbour imputation of column 'C' cannot be exported to ONNX");

        IDataView wide = ml.Data.LoadFromEnumerable(new[] { new WideRow { Value = 0.1 }, new WideRow { Value = 2 } });
        ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(ml.Transforms.Conversion.MapValueToKey("Key", "Value").Fit(wide), wide, stream));
        StringAssert.Contains(ex.Message, "column 'Key' holds Double values that Single cannot hold exactly");
    }
}
