using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Onnx;

[TestClass]
public sealed class OnnxCheckerTests
{
    [TestMethod]
    public void EveryExportedNetworkPassesOnnxCheckerAtEachOpset()
    {
        OnnxChecker.RequireOnnxPackage();
        using var files = new TempFiles();
        int count = 0;
        foreach (object[] row in OnnxTestNetworks.NamesAndOpsets)
        {
            var (name, opset) = ((string)row[0], (int)row[1]);
            File.WriteAllBytes(files.PathOf($"{name}.opset{opset}.onnx"), OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create(name).Network, opset));
            count++;
        }

        Assert.AreEqual(3 * OnnxTestNetworks.Cases.Count, count);
        OnnxChecker.AssertAllPass(files.Root, count);
    }

    [TestMethod]
    public void TheCheckerRejectsAnInvalidModel()
    {
        // Proves the check can fail: a Gemm node whose weight is never defined.
        OnnxChecker.RequireOnnxPackage();
        using var files = new TempFiles();
        byte[] model = OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create("Dense_Linear").Network);
        int at = IndexOf(model, "kernel"u8.ToArray());
        "kernex"u8.CopyTo(model.AsSpan(at));
        File.WriteAllBytes(files.PathOf("broken.onnx"), model);
        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(1, exitCode, output);
        StringAssert.Contains(output, "FAILED  broken.onnx");
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
        => Enumerable.Range(0, haystack.Length - needle.Length).First(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));
}
