using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Scoring;

/// <summary>The tests reference ONNX Runtime's CPU package, whose native library has no CUDA execution provider: a GPU
/// asked for here is a GPU that cannot be used.</summary>
[TestClass]
public sealed class DeviceSelectionTests
{
    private const string MissingLibrary = "Unable to load shared library 'onnxruntime' or one of its dependencies.";

    [TestMethod]
    public void TheCpuPackageScoresOnTheCpu()
    {
        var (network, _) = ScoringTestNetworks.Create("conv2d");
        using var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, null, null), new MLContext(1), false);
        Assert.AreEqual("CPUExecutionProvider", scoring.ExecutionProvider);
        using var managed = new NetworkScoring(network, new ScoringSettings(ScoringBackend.Managed, null, null), new MLContext(1), false);
        Assert.AreEqual("managed", managed.ExecutionProvider);
    }

    [TestMethod]
    [DataRow("dense", ScoringBackend.Managed)]
    [DataRow("conv2d", ScoringBackend.OnnxRuntime)]
    [DataRow("conv1d", ScoringBackend.OnnxRuntime)]
    [DataRow("recurrent", ScoringBackend.OnnxRuntime)]
    public void AutoOnTheCpuTakesTheBackendMeasuredFastestForTheNetwork(string name, ScoringBackend expected)
    {
        var (network, withLengths) = ScoringTestNetworks.Create(name);
        using var scoring = new NetworkScoring(network, default, new MLContext(1), withLengths);
        Assert.AreEqual(expected, scoring.ActiveBackend);
    }

    [TestMethod]
    public void AutoFallingBackFromAGpuTakesTheCpusBackend()
    {
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true };
        var warnings = Warnings(ml);
        foreach (var (name, expected) in new[] { ("dense", ScoringBackend.Managed), ("conv2d", ScoringBackend.OnnxRuntime) })
        {
            var (network, _) = ScoringTestNetworks.Create(name);
            using var scoring = new NetworkScoring(network, default, ml, false);
            Assert.AreEqual(expected, scoring.ActiveBackend, name);
        }

        Assert.HasCount(2, warnings, "one warning for each network's scoring");
    }

    [TestMethod]
    public void AMissingCudaProviderFallsBackToTheCpuWithOneWarningOnTheContextLog()
    {
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true };
        var warnings = Warnings(ml);
        var (network, _) = ScoringTestNetworks.Create("dense");
        float[] inputs = ScoringTestNetworks.Inputs(network, 5, seed: 1);
        using var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, null, null), ml, false);
        var outputs = new float[15];
        scoring.Score(inputs, 5, outputs);
        NetworkScoringTests.AssertClose(network.Predict(inputs, 5), outputs, "scored on the CPU");
        for (int i = 0; i < 3; i++)
        {
            NetworkScoringTests.ScoreRowByRow(scoring, network, inputs, null);
        }

        Assert.AreEqual("CPUExecutionProvider", scoring.ExecutionProvider);
        Assert.HasCount(1, warnings);
        StringAssert.Contains(warnings[0], "CUDAExecutionProvider");
        StringAssert.Contains(warnings[0], "Microsoft.ML.OnnxRuntime.Gpu");
        StringAssert.Contains(warnings[0], "Scoring on the CPU instead");
    }

    [TestMethod]
    public void WithoutFallbackAMissingCudaProviderIsAnErrorNamingItAndThePackage()
    {
        var (network, _) = ScoringTestNetworks.Create("dense");
        foreach (ScoringBackend backend in new[] { ScoringBackend.Auto, ScoringBackend.OnnxRuntime })
        {
            var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new NetworkScoring(network, new ScoringSettings(backend, null, null),
                new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = false }, false));
            StringAssert.Contains(ex.Message, "GPU device 0");
            StringAssert.Contains(ex.Message, "has no CUDAExecutionProvider");
            StringAssert.Contains(ex.Message, "reference Microsoft.ML.OnnxRuntime.Gpu instead");
        }
    }

    [TestMethod]
    public void TrainerSettingsOverrideTheContextsDevice()
    {
        var (network, _) = ScoringTestNetworks.Create("dense");
        // The options ask for a GPU the context does not.
        Assert.ThrowsExactly<InvalidOperationException>(() => new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, 1, false), new MLContext(1), false));
        // The options refuse the fallback the context allows, and allow the one it refuses.
        Assert.ThrowsExactly<InvalidOperationException>(() => new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, null, false),
            new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true }, false));
        using var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, null, true), new MLContext(1) { GpuDeviceId = 0 }, false);
        Assert.AreEqual("CPUExecutionProvider", scoring.ExecutionProvider);
    }

    [TestMethod]
    public void TheManagedBackendScoresOnTheCpuWhateverTheContextsDevice()
    {
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = false };
        var warnings = Warnings(ml);
        var (network, _) = ScoringTestNetworks.Create("dense");
        using var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.Managed, null, null), ml, false);
        Assert.AreEqual("managed", scoring.ExecutionProvider);
        Assert.IsEmpty(warnings);
    }

    [TestMethod]
    public void WithoutTheNativeLibraryAutoScoresWithTheManagedEngine()
    {
        var (network, _) = ScoringTestNetworks.Create("conv2d");
        using var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.Auto, null, null), new MLContext(1), false, MissingLibrary);
        Assert.AreEqual(ScoringBackend.Managed, scoring.ActiveBackend);
    }

    [TestMethod]
    public void WithoutTheNativeLibraryTheOnnxRuntimeBackendIsAnErrorNamingThePackage()
    {
        var (network, _) = ScoringTestNetworks.Create("conv2d");
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, null, null),
            new MLContext(1), false, MissingLibrary));
        StringAssert.Contains(ex.Message, "reference the Microsoft.ML.OnnxRuntime package (CPU) or Microsoft.ML.OnnxRuntime.Gpu (CUDA)");
        StringAssert.Contains(ex.Message, MissingLibrary);
    }

    [TestMethod]
    public void WithoutTheNativeLibraryAGpuFallsBackToTheManagedEngineOrNamesTheGpuPackage()
    {
        var (network, _) = ScoringTestNetworks.Create("conv2d");
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true };
        var warnings = Warnings(ml);
        using (var scoring = new NetworkScoring(network, new ScoringSettings(ScoringBackend.Auto, null, null), ml, false, MissingLibrary))
        {
            Assert.AreEqual(ScoringBackend.Managed, scoring.ActiveBackend);
        }

        Assert.HasCount(1, warnings);
        StringAssert.Contains(warnings[0], "reference the Microsoft.ML.OnnxRuntime.Gpu package to score on CUDA");
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new NetworkScoring(network, new ScoringSettings(ScoringBackend.Auto, null, false),
            ml, false, MissingLibrary));
        StringAssert.Contains(ex.Message, "Microsoft.ML.OnnxRuntime.Gpu");
    }

    private static List<string> Warnings(MLContext ml)
    {
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning)
            {
                warnings.Add(e.RawMessage);
            }
        };
        return warnings;
    }
}
