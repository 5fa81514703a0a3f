using System.Diagnostics;

namespace MLNet.NeuralExtensions.Tests.Infrastructure;

/// <summary>Runs onnx.checker (Debian's python3-onnx, through eng/onnx/check_models.py) on the .onnx files of a folder.</summary>
internal static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Asserts that every .onnx file in <paramref name="folder"/> passes the full check; inconclusive when
    /// python3-onnx is not installed.</summary>
    public static void AssertAllPass(string folder)
    {
        if (!File.Exists(Python) || Run("-c \"import onnx\"").ExitCode != 0)
        {
            Assert.Inconclusive("Debian's python3-onnx is not installed (apt install python3-onnx); onnx.checker cannot run.");
        }

        int models = Directory.GetFiles(folder, "*.onnx").Length;
        var (exitCode, output) = Run($"\"{Path.Combine(RepositoryRoot(), "eng", "onnx", "check_models.py")}\" \"{folder}\"");
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, $"{models} of {models} models pass");
    }

    private static (int ExitCode, string Output) Run(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Python, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
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
