using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Engine.Tests.Onnx;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Onnx.Runtime;

namespace MLNet.NeuralExtensions.Tests.Onnx;

[TestClass]
public sealed class OnnxScorerTests
{
    [TestMethod]
    public void TheBindingLoadsOnnxRuntime130AndReadsTheModelsSignature()
    {
        StringAssert.Contains(OnnxScorer.OnnxRuntimeLibrary, "ONNX Runtime 1.30.0");
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create("Network_CNN").Network));
        Assert.AreEqual("CPUExecutionProvider", scorer.ExecutionProvider);
        Assert.AreEqual("input", scorer.Inputs.Single().Name);
        Assert.AreEqual(OnnxElementType.Float, scorer.Inputs[0].ElementType);
        CollectionAssert.AreEqual(new[] { "batch", "", "", "" }, scorer.Inputs[0].SymbolicDimensions.ToArray());
        CollectionAssert.AreEqual(new long[] { -1, 1, 14, 14 }, scorer.Inputs[0].Dimensions.ToArray());
        Assert.AreEqual("[batch×10]", scorer.Outputs[0].ShapeText);
    }

    [TestMethod]
    public void AnOrtStatusBecomesAnExceptionWithOrtsMessageAndCode()
    {
        OrtApi api = OrtLibrary.Api;
        var ex = Assert.ThrowsExactly<OnnxRuntimeException>(() => api.Check(api.CreateStatus(OrtApi.ErrorCode.InvalidArgument, "bad thing"), "test the error path"));
        Assert.AreEqual("ONNX Runtime failed to test the error path: bad thing", ex.Message);
        Assert.AreEqual("InvalidArgument", ex.ErrorCode);
    }

    [TestMethod]
    public void AMissingLibraryGetsOneMessageSayingHowToGetIt()
    {
        var ex = Assert.ThrowsExactly<OnnxRuntimeException>(() => OrtLibrary.Open("/nonexistent/folder/libonnxruntime.so.1"));
        StringAssert.Contains(ex.Message, "/nonexistent/folder/libonnxruntime.so.1");
        StringAssert.Contains(ex.Message, "eng/fetch-onnxruntime.sh");
        StringAssert.Contains(ex.Message, OrtLibrary.PathVariable);
        Assert.IsNull(ex.ErrorCode);
    }

    [TestMethod]
    public void ACorruptModelFileFailsNamingTheFile()
    {
        using var files = new TempFiles();
        byte[] model = OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create("Network_MLP").Network);
        string path = files.PathOf("corrupt.onnx");
        File.WriteAllBytes(path, model.AsSpan(0, model.Length / 2).ToArray());
        var ex = Assert.ThrowsExactly<OnnxRuntimeException>(() => new OnnxScorer(path));
        StringAssert.StartsWith(ex.Message, path + ": ONNX Runtime failed to load the model");
        Assert.IsNotNull(ex.ErrorCode);

        File.WriteAllText(path, "not a model at all");
        Assert.ThrowsExactly<OnnxRuntimeException>(() => new OnnxScorer(path));
        Assert.ThrowsExactly<FileNotFoundException>(() => new OnnxScorer(files.PathOf("missing.onnx")));
    }

    [TestMethod]
    public void AWrongInputShapeFailsNamingBothShapes()
    {
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create("Network_MLP").Network));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => scorer.Score(new float[39], 2));
        StringAssert.Contains(ex.Message, "39 values are not 2 examples of the model's input [batch×20]");
        Assert.ThrowsExactly<ArgumentException>(() => scorer.Score(new float[40], 2, new float[5]));

        ex = Assert.ThrowsExactly<ArgumentException>(() => scorer.Run(new Dictionary<string, OnnxTensor> { ["input"] = OnnxTensor.Create(new float[21], 1, 21) }));
        StringAssert.Contains(ex.Message, "The model's input 'input' is Float [batch×20]; got Float [1×21]");
        ex = Assert.ThrowsExactly<ArgumentException>(() => scorer.Run(new Dictionary<string, OnnxTensor> { ["input"] = OnnxTensor.Create(new double[20], 1, 20) }));
        StringAssert.Contains(ex.Message, "got Double [1×20]");
        ex = Assert.ThrowsExactly<ArgumentException>(() => scorer.Run(new Dictionary<string, OnnxTensor>()));
        StringAssert.Contains(ex.Message, "The model's input 'input' (Float [batch×20]) was not given");
        ex = Assert.ThrowsExactly<ArgumentException>(() => scorer.Run(new Dictionary<string, OnnxTensor> { ["x"] = OnnxTensor.Create(new float[20], 1, 20) }));
        StringAssert.Contains(ex.Message, "The model has no input 'x'");
        Assert.ThrowsExactly<ArgumentException>(() => OnnxTensor.Create(new float[5], 2, 3));
    }

    [TestMethod]
    public void CudaAskedForWithoutItsProviderFailsNamingTheProviderLibrary()
    {
        byte[] model = OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create("Network_MLP").Network);
        var ex = Assert.ThrowsExactly<OnnxRuntimeException>(() => new OnnxScorer(model, new OnnxScorerOptions { GpuDeviceId = 0 }));
        StringAssert.Contains(ex.Message, "GPU device 0");
        StringAssert.Contains(ex.Message, "libonnxruntime_providers_cuda.so");
    }

    [TestMethod]
    public void CudaWithFallbackRunsOnTheCpuAndLogsAWarning()
    {
        var (network, inputs) = OnnxTestNetworks.Create("Network_MLP");
        var warnings = new List<string>();
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(network), new OnnxScorerOptions { GpuDeviceId = 0, FallbackToCpu = true, Log = warnings.Add });
        Assert.AreEqual("CPUExecutionProvider", scorer.ExecutionProvider);
        Assert.AreEqual(1, warnings.Count);
        StringAssert.Contains(warnings[0], "Falling back to the CPU");
        OnnxTestNetworks.AssertClose(network.Predict(inputs, OnnxTestNetworks.Batch), scorer.Score(inputs, OnnxTestNetworks.Batch), "after the fallback");
    }

    [TestMethod]
    public void ThreadOptionsAreAppliedAndScoringStillAgrees()
    {
        var (network, inputs) = OnnxTestNetworks.Create("Network_LSTM");
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(network), new OnnxScorerOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        OnnxTestNetworks.AssertClose(network.Predict(inputs, OnnxTestNetworks.Batch), scorer.Score(inputs, OnnxTestNetworks.Batch), "one thread");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OnnxScorer(OnnxTestNetworks.ToOnnx(network), new OnnxScorerOptions { IntraOpNumThreads = -1 }));
    }

    [TestMethod]
    public void ADisposedScorerRefusesToScore()
    {
        var (network, inputs) = OnnxTestNetworks.Create("Dense_ReLU");
        var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(network));
        scorer.Dispose();
        scorer.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => scorer.Score(inputs, OnnxTestNetworks.Batch));
    }

    [TestMethod]
    public void RunExchangesIntegerAndBooleanTensors()
    {
        // A hand-made graph: sum = a + b (int64), not = ¬flag (bool).
        var graph = new MLNet.NeuralExtensions.Engine.Onnx.OnnxGraph("types");
        var int64 = MLNet.NeuralExtensions.Engine.Onnx.Protobuf.TensorProto.Types.DataType.Int64;
        var boolean = MLNet.NeuralExtensions.Engine.Onnx.Protobuf.TensorProto.Types.DataType.Bool;
        string a = graph.AddInput("a", int64, "n"), b = graph.AddInput("b", int64, "n"), flag = graph.AddInput("flag", boolean, "n");
        graph.AddOutput(graph.Add("Add", [a, b], "sum"), "sum", int64, "n");
        graph.AddOutput(graph.Add("Not", [flag], "not"), "not", boolean, "n");
        using var stream = new MemoryStream();
        Google.Protobuf.MessageExtensions.WriteTo(graph.ToModel("types"), stream);
        using var scorer = new OnnxScorer(stream.ToArray());
        var outputs = scorer.Run(new Dictionary<string, OnnxTensor>
        {
            ["a"] = OnnxTensor.Create(new long[] { 1, 2, 3 }, 3),
            ["b"] = OnnxTensor.Create(new long[] { 10, 20, 30 }, 3),
            ["flag"] = OnnxTensor.Create(new[] { true, false, true }, 3),
        });
        CollectionAssert.AreEqual(new long[] { 11, 22, 33 }, outputs["sum"].GetData<long>());
        CollectionAssert.AreEqual(new[] { false, true, false }, outputs["not"].GetData<bool>());
    }

    [TestMethod]
    public void ScoringIntoTheCallersBufferAllocatesNothing()
    {
        var (network, _) = OnnxTestNetworks.Create("Network_CNN");
        using var scorer = new OnnxScorer(OnnxTestNetworks.ToOnnx(network));
        float[] inputs = OnnxTestNetworks.Inputs(network, 16, new Random(2));
        var outputs = new float[16 * 10];
        scorer.Score(inputs, 16, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            scorer.Score(inputs, 16, outputs);
        }

        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    [DynamicData(nameof(OnnxTestNetworks.SequenceLengthNetworks), typeof(OnnxTestNetworks))]
    public void TheNetworkScorerHonoursSequenceLengthsOnBothBackends(string name, Func<Sequential> create)
    {
        int[] lengths = OnnxTestNetworks.SequenceLengths;
        Sequential network = create();
        network.Build(new TensorShape(OnnxTestNetworks.SequenceSteps, OnnxTestNetworks.SequenceFeatures), seed: 3);
        float[] inputs = Engine.Tests.Infrastructure.GradientCheck.RandomValues(new Random(5), network.InputShape.Size * lengths.Length);
        float[] managed = new NetworkScorer(network, ScoringBackend.Managed, withSequenceLengths: true).Score(inputs, lengths.Length, lengths);
        using var onnx = new NetworkScorer(network, ScoringBackend.OnnxRuntime, withSequenceLengths: true);
        Assert.AreEqual(ScoringBackend.OnnxRuntime, onnx.Backend);
        OnnxTestNetworks.AssertClose(managed, onnx.Score(inputs, lengths.Length, lengths), name);

        // Without lengths, a lengths scorer runs every step, as the plain network does.
        CollectionAssert.AreEqual(network.Predict(inputs, lengths.Length), new NetworkScorer(network, ScoringBackend.Managed, withSequenceLengths: true).Score(inputs, lengths.Length));

        // A scorer made without lengths takes none.
        Assert.ThrowsExactly<InvalidOperationException>(() => new NetworkScorer(network, ScoringBackend.Managed).Score(inputs, 2, [1, 2]));
    }

    [TestMethod]
    public void TheNetworkScorerUsesOnnxRuntimeWhenItCanAndTheEngineOtherwise()
    {
        var (network, inputs) = OnnxTestNetworks.Create("Network_LSTM");
        float[] expected = network.Predict(inputs, OnnxTestNetworks.Batch);
        foreach (var (backend, used) in new[] { (ScoringBackend.Auto, ScoringBackend.OnnxRuntime), (ScoringBackend.OnnxRuntime, ScoringBackend.OnnxRuntime), (ScoringBackend.Managed, ScoringBackend.Managed) })
        {
            using var scorer = new NetworkScorer(network, backend);
            Assert.AreEqual(used, scorer.Backend, backend.ToString());
            OnnxTestNetworks.AssertClose(expected, scorer.Score(inputs, OnnxTestNetworks.Batch), backend.ToString());
        }

        // A layer without an ONNX form: Auto scores with the engine and says why; OnnxRuntime refuses.
        var gelu = new Sequential(new SimpleRnn(2, ActivationFunction.Gelu));
        gelu.Build(new TensorShape(3, 2), seed: 1);
        var messages = new List<string>();
        using (var auto = new NetworkScorer(gelu, ScoringBackend.Auto, new OnnxScorerOptions { Log = messages.Add }))
        {
            Assert.AreEqual(ScoringBackend.Managed, auto.Backend);
            StringAssert.Contains(messages.Single(), "Gelu");
        }

        Assert.ThrowsExactly<NotSupportedException>(() => new NetworkScorer(gelu, ScoringBackend.OnnxRuntime));
        Assert.ThrowsExactly<InvalidOperationException>(() => new NetworkScorer(new Sequential(new Dense(1))));
    }
}
