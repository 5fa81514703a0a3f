using System.Diagnostics;

namespace MLNet.NeuralExtensions.Tests.Onnx;

[TestClass]
public sealed class OnnxCheckerTests
{
    private const string Python = "/usr/bin/python3";

    [TestMethod]
    public void EveryExportedNetworkPassesOnnxChecker()
    {
        RequireOnnxPackage();
        using var files = new TempFiles();
        foreach (string name in OnnxTestNetworks.Cases.Keys)
        {
            File.WriteAllBytes(files.PathOf(name + ".onnx"), OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create(name).Network));
        }

        var (exitCode, output) = RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, $"{OnnxTestNetworks.Cases.Count} of {OnnxTestNetworks.Cases.Count} models pass");
    }

    [TestMethod]
    public void TheCheckerRejectsAnInvalidModel()
    {
        // Proves the check can fail: a Gemm node whose weight is never defined.
        RequireOnnxPackage();
        using var files = new TempFiles();
        byte[] model = OnnxTestNetworks.ToOnnx(OnnxTestNetworks.Create("Dense_Linear").Network);
        int at = IndexOf(model, "kernel"u8.ToArray());
        "kernex"u8.CopyTo(model.AsSpan(at));
        File.WriteAllBytes(files.PathOf("broken.onnx"), model);
        var (exitCode, output) = RunChecker(files.Root);
        Assert.AreEqual(1, exitCode, output);
        StringAssert.Contains(output, "FAILED  broken.onnx");
    }

    internal static void RequireOnnxPackage()
    {
        if (!File.Exists(Python) || Run(Python, "-c \"import onnx\"").ExitCode != 0)
        {
            Assert.Inconclusive("Debian's python3-onnx is not installed (apt install python3-onnx); onnx.checker cannot run.");
        }
    }

    internal static (int ExitCode, string Output) RunChecker(string folder)
        => Run(Python, $"\"{Path.Combine(RepositoryRoot(), "eng", "onnx", "check_models.py")}\" \"{folder}\"");

    private static (int ExitCode, string Output) Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MLNet.NeuralExtensions.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
        => Enumerable.Range(0, haystack.Length - needle.Length).First(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));
}
