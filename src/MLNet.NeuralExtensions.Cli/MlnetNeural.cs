using System.CommandLine;
using MLNet.NeuralExtensions.ModelSearch;
using Spectre.Console;

namespace MLNet.NeuralExtensions.Cli;

/// <summary>
/// The <c>mlnet-neural</c> tool, shaped like the <c>mlnet</c> CLI: <c>binary</c>, <c>multiclass</c>,
/// <c>regression</c>, <c>anomaly</c> and <c>clustering</c> search a CSV for the best model within a time budget and
/// write model.zip, model-input.json, report.json, report.html and a console project that consumes the model;
/// <c>predict</c> scores a CSV with a written model; <c>report</c> writes report.html again from report.json.
/// </summary>
public static class MlnetNeural
{
    /// <summary>The exit code of a run that did what it was asked: 0.</summary>
    public const int Success = 0;

    /// <summary>The exit code when a file or its data does not suit the command (a missing file or column, a label with
    /// one value, a file that is not delimited text): 1.</summary>
    public const int DataError = 1;

    /// <summary>The exit code when the command line is wrong (an unknown command or option, a missing or out-of-range
    /// value): 2.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the tool on <paramref name="args"/>: what it shows goes to <paramref name="stdout"/> (a live table
    /// when that is a terminal, plain lines otherwise), errors go to <paramref name="stderr"/> as one line each.</summary>
    /// <param name="args">The command line, without the tool's name.</param>
    /// <param name="stdout">The output.</param>
    /// <param name="stderr">The error output.</param>
    /// <param name="cancellation">Stops a search, which then keeps and writes its best model so far.</param>
    /// <returns><see cref="Success"/>, <see cref="DataError"/> or <see cref="UsageError"/>.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        IAnsiConsole console = CreateConsole(stdout);
        var root = new RootCommand("Searches a CSV for the best ML.NET model, neural networks of MLNet.NeuralExtensions included, within a time budget.")
        {
            SearchCommand.Create("binary", ModelSearchTask.BinaryClassification, "Binary classification: the label has two values.", console, cancellation),
            SearchCommand.Create("multiclass", ModelSearchTask.MulticlassClassification, "Multiclass classification: the label holds a few classes.", console, cancellation),
            SearchCommand.Create("regression", ModelSearchTask.Regression, "Regression: the label is a number.", console, cancellation),
            SearchCommand.Create("anomaly", ModelSearchTask.AnomalyDetection, "Anomaly detection: unsupervised; a two-valued label, when named, only evaluates.", console, cancellation),
            SearchCommand.Create("clustering", ModelSearchTask.Clustering, "Clustering: unsupervised; a label, when named, only evaluates.", console, cancellation),
            PredictCommand.Create(console),
            ReportCommand.Create(console),
        };
        root.SetAction(_ =>
        {
            stderr.WriteLine($"mlnet-neural: name a command: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (see --help).");
            return UsageError;
        });
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"mlnet-neural: {parse.Errors[0].Message}");
            return UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (ExitCodeOf(e) is int code)
        {
            stderr.WriteLine($"mlnet-neural: {FirstLine(e)}");
            return code;
        }
    }

    /// <summary>The exit code for an error the user can fix, or null for a bug (which is not caught).</summary>
    private static int? ExitCodeOf(Exception e) => e switch
    {
        UsageException or ArgumentException => UsageError,
        IOException or InvalidDataException or TimeoutException or UnauthorizedAccessException => DataError,
        _ => null,
    };

    /// <summary>The message's first line: an ArgumentException's adds "(Parameter …)" and the actual value on lines of
    /// their own.</summary>
    private static string FirstLine(Exception e)
    {
        string message = e is ArgumentException { ParamName: { } name } a ? a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
        return message.Split('\n')[0].TrimEnd('\r');
    }

    private static IAnsiConsole CreateConsole(TextWriter stdout)
    {
        var output = new AnsiConsoleOutput(stdout);
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,
            Ansi = output.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = output.IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!output.IsTerminal)
        {
            console.Profile.Width = 160;
        }
        return console;
    }
}
