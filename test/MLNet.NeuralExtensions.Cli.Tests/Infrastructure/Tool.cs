namespace MLNet.NeuralExtensions.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of mlnet-neural returned and printed.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs the tool on <paramref name="args"/>, capturing its output.</summary>
    public static ToolRun Of(params string[] args) => Of(CancellationToken.None, args);

    /// <summary>Runs the tool on <paramref name="args"/> with <paramref name="cancellation"/> as Ctrl-C.</summary>
    public static ToolRun Of(CancellationToken cancellation, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = MlnetNeural.Run(args, output, error, cancellation);
        var run = new ToolRun(code, output.ToString(), error.ToString());
        Console.WriteLine($"mlnet-neural {string.Join(" ", args)} → {code}\n{run.Output}\n{run.Error}");
        return run;
    }
}
