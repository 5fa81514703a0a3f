using System.Diagnostics;

namespace MLNet.NeuralExtensions.Cli.Tests.Infrastructure;

/// <summary>Runs the dotnet command line in a child process, without the MSBuild settings of the test run.</summary>
internal static class Dotnet
{
    /// <summary>Runs <c>dotnet <paramref name="args"/></c> in <paramref name="folder"/>; returns the exit code and what
    /// it printed.</summary>
    public static (int ExitCode, string Output) Run(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
