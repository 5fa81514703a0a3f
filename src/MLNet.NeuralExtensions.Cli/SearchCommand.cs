using System.CommandLine;
using Microsoft.ML;
using MLNet.NeuralExtensions.ModelSearch;
using MLNet.NeuralExtensions.ModelSearch.CodeGeneration;
using MLNet.NeuralExtensions.ModelSearch.Reporting;
using Spectre.Console;

namespace MLNet.NeuralExtensions.Cli;

/// <summary>
/// A search command (<c>binary</c>, <c>multiclass</c>, <c>regression</c>, <c>anomaly</c>, <c>clustering</c>): runs a
/// <see cref="ModelSearchExperiment"/> on --dataset with a live view, prints the leaderboard and the chosen pipeline,
/// then writes into --output the model (model.zip), its input layout (model-input.json), the report (report.json,
/// report.html) and a console project that consumes the model. Everything is computed before the first file is
/// written; a failed write removes what the run had written.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(string name, ModelSearchTask task, string description, IAnsiConsole console, CancellationToken cancellation)
    {
        var options = new SearchOptions(task);
        var command = new Command(name, description);
        foreach (Option option in options.All)
        {
            command.Add(option);
        }
        command.SetAction(parse => Execute(parse, options, console, cancellation));
        return command;
    }

    private static int Execute(ParseResult parse, SearchOptions options, IAnsiConsole console, CancellationToken cancellation)
    {
        string dataset = parse.GetRequiredValue(options.Dataset);
        string output = Path.GetFullPath(parse.GetRequiredValue(options.Output));
        if (File.Exists(output))
        {
            throw new UsageException($"The output '{output}' is a file; --output names a folder.");
        }
        var generation = new ConsoleAppOptions { NeuralExtensionsProject = ProjectPath(parse.GetValue(options.NeuralExtensionsProject)) };
        ModelSearchSettings settings = options.Settings(parse);
        var ml = new MLContext(settings.Seed);
        var experiment = new ModelSearchExperiment(ml, settings);

        ModelSearchResult result = new SearchDisplay(console, settings).Run(progress => experiment.Run(dataset, parse.GetValue(options.ValidationDataset), progress, cancellation));
        SearchDisplay.Summarize(console, result);

        ModelSearchReport report = ModelSearchReport.Create(ml, result);
        ModelInputLayout layout = ModelInputLayout.From(ml, result.Analysis);
        GeneratedProject project = ConsoleAppGenerator.Generate(ml, result, generation);
        using (var folder = new OutputFolder(output))
        {
            folder.Write([generation.ModelFileName], () => result.Save(ml, Path.Combine(output, generation.ModelFileName)));
            folder.Write([ModelInputLayout.FileName], () => layout.Save(Path.Combine(output, ModelInputLayout.FileName)));
            folder.Write([ModelSearchReport.DataFileName, ModelSearchReport.PageFileName], () => report.Save(output));
            folder.Write([project.Name], () => project.Write(output));
            folder.Commit();
        }
        console.WriteLine($"Wrote {generation.ModelFileName}, {ModelInputLayout.FileName}, {ModelSearchReport.DataFileName}, {ModelSearchReport.PageFileName} and {project.Name}/ into {output}.");
        return MlnetNeural.Success;
    }

    private static string? ProjectPath(string? path)
    {
        if (path is null)
        {
            return null;
        }
        string full = Path.GetFullPath(path);
        return File.Exists(full) && full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
            ? full
            : throw new UsageException($"The --neural-extensions-project '{path}' is not a .csproj file.");
    }
}
