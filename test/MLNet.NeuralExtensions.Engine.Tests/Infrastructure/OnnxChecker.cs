using System.Diagnostics;

namespace MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

/// <summary>Runs onnx.checker (full check, with shape inference) over a folder of models through
/// eng/onnx/check_models.py and Debian's python3-onnx. Shared by the test projects (linked into each).</summary>
internal static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Ends the test as inconclusive when python3-onnx is not installed.</summary>
    public static void RequireOnnxPackage()
    {
        if (!File.Exists(Python) || Run(Python, "-c \"import onnx\"").ExitCode != 0)
        {
            Assert.Inconclusive("Debian's python3-onnx is not installed (apt install python3-onnx); onnx.checker cannot run.");
        }
    }

    /// <summary>Checks every .onnx file in <paramref name="folder"/>; the exit code is 0 when all pass. With
    /// <paramref name="ignoreMLNetSlotNames"/>, without the "mlnet.*" slot-name nodes ML.NET's converter writes for a
    /// multiclass Score, which onnx.checker rejects for ML.NET's own trainers too (see eng/onnx/check_models.py).</summary>
    public static (int ExitCode, string Output) RunChecker(string folder, bool ignoreMLNetSlotNames = false)
        => Run(Python, $"\"{Path.Combine(RepositoryRoot(), "eng", "onnx", "check_models.py")}\" \"{folder}\"{(ignoreMLNetSlotNames ? " --ignore-mlnet-slot-names" : "")}");

    /// <summary>Asserts that the <paramref name="count"/> models in <paramref name="folder"/> all pass (see
    /// <see cref="RunChecker"/>).</summary>
    public static void AssertAllPass(string folder, int count, bool ignoreMLNetSlotNames = false)
    {
        var (exitCode, output) = RunChecker(folder, ignoreMLNetSlotNames);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, $"{count} of {count} models pass");
    }

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
}
