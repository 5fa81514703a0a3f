using System.Diagnostics;
using Microsoft.ML;

namespace MLNet.NeuralExtensions.Tests.Infrastructure;

/// <summary>Scores data with a saved model in a second process (test/MLNet.NeuralExtensions.ModelHost), which loads the
/// model as an application would: a fresh MLContext, no call into the package.</summary>
internal static class ModelHost
{
    /// <summary>Saves <paramref name="model"/> and <paramref name="input"/>, has the child process load the model and
    /// transform the input, and returns what it wrote, read back in this process.</summary>
    public static IDataView ScoreInChildProcess(MLContext ml, ITransformer model, IDataView input, TempFiles files)
    {
        string modelPath = files.PathOf("model.zip"), inputPath = files.PathOf("input.idv"), outputPath = files.PathOf("output.idv");
        ml.Model.Save(model, input.Schema, modelPath);
        using (FileStream stream = File.Create(inputPath))
        {
            ml.Data.SaveAsBinary(input, stream);
        }

        Run(modelPath, inputPath, outputPath);
        return ml.Data.LoadFromBinary(outputPath);
    }

    /// <summary>Runs the child process on the given files; throws with its error output when it fails.</summary>
    public static void Run(string modelPath, string inputPath, string outputPath)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "MLNet.NeuralExtensions.ModelHost.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { host, modelPath, inputPath, outputPath })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("The model host did not start.");
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The model host exited with {process.ExitCode}: {error}");
        }
    }
}
