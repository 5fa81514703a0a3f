using System.Text.Json;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Engine.Tests.Onnx;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Tests.Onnx;

[TestClass]
public sealed class ApplyOnnxModelTests
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };
    private static readonly string s_fixture = Path.Combine(AppContext.BaseDirectory, "TestData", "onnx", "torch-conv1d.onnx");

    private sealed class SignalRow
    {
        [VectorType(24)]
        public float[] Signal { get; set; } = [];

        public float Weight { get; set; }
    }

    private sealed class ScoredRow
    {
        [VectorType(5)]
        public float[] Logits { get; set; } = [];

        [VectorType(5)]
        public float[] Probabilities { get; set; } = [];
    }

    private sealed record Fixture(int Rows, float[] Signal, float[] Logits, float[] Probabilities);

    [TestMethod]
    public void APyTorchModelScoresInAPipelineAsPyTorchDoes()
    {
        Fixture fixture = LoadFixture();
        var ml = new MLContext(1);
        IDataView data = SignalData(ml, fixture, renameTo: "signal");
        using OnnxTransformer model = ml.Transforms.ApplyOnnxModel(["logits", "probabilities"], ["signal"], s_fixture).Fit(data);
        CollectionAssert.AreEqual(new[] { "logits", "probabilities" }, model.OutputColumnNames.ToArray());
        DataViewSchema schema = model.GetOutputSchema(data.Schema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 5), schema["logits"].Type);

        ScoredRow[] rows = Scored(ml, model.Transform(data));
        OnnxTestNetworks.AssertClose(fixture.Logits, rows.SelectMany(r => r.Logits).ToArray(), "logits");
        OnnxTestNetworks.AssertClose(fixture.Probabilities, rows.SelectMany(r => r.Probabilities).ToArray(), "probabilities");
    }

    [TestMethod]
    public void TheModelIsSavedInsideTheModelFileAndScoresTheSameAfterLoading()
    {
        Fixture fixture = LoadFixture();
        using var files = new TempFiles();
        string copy = files.PathOf("model.onnx");
        File.Copy(s_fixture, copy);
        var ml = new MLContext(1);
        IDataView data = SignalData(ml, fixture, renameTo: "signal");
        ITransformer model = ml.Transforms.CopyColumns("input_copy", "signal")
            .Append(ml.Transforms.ApplyOnnxModel(copy))
            .Fit(data);
        string path = files.PathOf("pipeline.zip");
        ml.Model.Save(model, data.Schema, path);
        File.Delete(copy);

        ITransformer loaded = ml.Model.Load(path, out _);
        ScoredRow[] before = Scored(ml, model.Transform(data)), after = Scored(ml, loaded.Transform(data));
        for (int i = 0; i < before.Length; i++)
        {
            CollectionAssert.AreEqual(before[i].Logits, after[i].Logits);
            CollectionAssert.AreEqual(before[i].Probabilities, after[i].Probabilities);
        }
    }

    [TestMethod]
    public void AnExportedNetworkScoresThroughApplyOnnxModelFromAStream()
    {
        var (network, inputs) = OnnxTestNetworks.Create("Network_MLP");
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, OnnxTestNetworks.Batch).Select(r => new NetworkRow { Input = inputs.AsSpan(r * 20, 20).ToArray() });
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Transforms.ApplyOnnxModel(new MemoryStream(OnnxTestNetworks.ToOnnx(network))).Fit(data);
        float[] scored = [.. ml.Data.CreateEnumerable<NetworkOutput>(model.Transform(data), false).SelectMany(r => r.Output)];
        OnnxTestNetworks.AssertClose(network.Predict(inputs, OnnxTestNetworks.Batch), scored, "network through ApplyOnnxModel");
    }

    [TestMethod]
    public void AMissingInputColumnFailsNamingIt()
    {
        Fixture fixture = LoadFixture();
        var ml = new MLContext(1);
        IDataView data = SignalData(ml, fixture, renameTo: "Signal");
        var estimator = ml.Transforms.ApplyOnnxModel(s_fixture);
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        StringAssert.Contains(ex.Message, "'signal'");
    }

    [TestMethod]
    public void AColumnOfTheWrongSizeOrTypeFailsNamingTheModelsShape()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new NetworkRow { Input = new float[20] } });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ApplyOnnxModel(s_fixture).Fit(
            ml.Transforms.Concatenate("signal", "input").Fit(data).Transform(data)));
        StringAssert.Contains(ex.Message, "holds 20 values per row, which do not fill the model's input [batch×3×8]");

        IDataView doubles = ml.Transforms.Conversion.ConvertType("signal", "input", DataKind.Double).Fit(data).Transform(data);
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ApplyOnnxModel(s_fixture).Fit(doubles));
        StringAssert.Contains(ex.Message, "signal");
        StringAssert.Contains(ex.Message, "Single");
    }

    [TestMethod]
    public void UnknownModelNamesAndACorruptFileFailClearly()
    {
        var ml = new MLContext(1);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ApplyOnnxModel(["scores"], ["signal"], s_fixture));
        StringAssert.Contains(ex.Message, "has no output 'scores'; its outputs are 'logits', 'probabilities'");
        using var files = new TempFiles();
        string corrupt = files.Write("corrupt.onnx", "definitely not protobuf");
        var load = Assert.ThrowsExactly<OnnxRuntimeException>(() => ml.Transforms.ApplyOnnxModel(corrupt));
        StringAssert.StartsWith(load.Message, corrupt);
    }

    [TestMethod]
    public void AShapeDictionaryFixesOpenAxes()
    {
        // The exported LSTM takes [batch×sequence×3]: a 36-value column is 12 steps, found from the width or given.
        var (network, inputs) = OnnxTestNetworks.Create("Network_LSTM");
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, OnnxTestNetworks.Batch).Select(r => new SequenceRow { Input = inputs.AsSpan(r * 36, 36).ToArray() }));
        float[] expected = network.Predict(inputs, OnnxTestNetworks.Batch);
        foreach (Dictionary<string, int[]>? shapes in new[] { null, new Dictionary<string, int[]> { ["input"] = [-1, 12, 3] } })
        {
            using var model = ml.Transforms.ApplyOnnxModel(["output"], ["input"], new MemoryStream(OnnxTestNetworks.ToOnnx(network)), shapes).Fit(data);
            float[] scored = [.. ml.Data.CreateEnumerable<SequenceOutput>(model.Transform(data), false).SelectMany(r => r.Output)];
            OnnxTestNetworks.AssertClose(expected, scored, shapes is null ? "steps from the width" : "steps from the dictionary");
        }

        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ApplyOnnxModel(["output"], ["input"], new MemoryStream(OnnxTestNetworks.ToOnnx(network)),
            new Dictionary<string, int[]> { ["input"] = [-1, 10, 3] }).Fit(data));
        StringAssert.Contains(ex.Message, "36 values per row");
    }

    [TestMethod]
    public void AGpuThatCannotBeUsedFallsBackWithAWarningOnTheContextLog()
    {
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true };
        var warnings = new List<string>();
        ml.Log += (_, e) => warnings.Add(e.Message);
        using var model = ml.Transforms.ApplyOnnxModel(s_fixture).Fit(SignalData(ml, LoadFixture(), renameTo: "signal"));
        Assert.AreEqual("CPUExecutionProvider", model.ExecutionProvider);
        Assert.IsTrue(warnings.Any(w => w.Contains("Falling back to the CPU", StringComparison.Ordinal)), string.Join("\n", warnings));

        Assert.ThrowsExactly<OnnxRuntimeException>(() => new MLContext(1) { GpuDeviceId = 0 }.Transforms.ApplyOnnxModel(s_fixture));
    }

    private sealed class NetworkRow
    {
        [VectorType(20)]
        [ColumnName("input")]
        public float[] Input { get; set; } = [];
    }

    private sealed class NetworkOutput
    {
        [VectorType(3)]
        [ColumnName("output")]
        public float[] Output { get; set; } = [];
    }

    private sealed class SequenceRow
    {
        [VectorType(36)]
        [ColumnName("input")]
        public float[] Input { get; set; } = [];
    }

    private sealed class SequenceOutput
    {
        [VectorType(2)]
        [ColumnName("output")]
        public float[] Output { get; set; } = [];
    }

    private static Fixture LoadFixture()
        => JsonSerializer.Deserialize<Fixture>(File.ReadAllText(Path.ChangeExtension(s_fixture, ".json")), s_json)!;

    private static IDataView SignalData(MLContext ml, Fixture fixture, string renameTo)
    {
        var rows = Enumerable.Range(0, fixture.Rows).Select(r => new SignalRow { Signal = fixture.Signal.AsSpan(r * 24, 24).ToArray(), Weight = r });
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        return renameTo == "Signal" ? data : ml.Transforms.CopyColumns(renameTo, "Signal").Fit(data).Transform(data);
    }

    private static ScoredRow[] Scored(MLContext ml, IDataView scored)
        => [.. ml.Data.CreateEnumerable<ScoredRow>(ml.Transforms.CopyColumns([new("Logits", "logits"), new("Probabilities", "probabilities")]).Fit(scored).Transform(scored), false)];
}
