using System.CommandLine;
using MLNet.NeuralExtensions.ModelSearch.Reporting;
using Spectre.Console;

namespace MLNet.NeuralExtensions.Cli;

/// <summary><c>report</c>: writes report.html of a search's output folder again from its report.json.</summary>
internal static class ReportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var output = new Option<string>("--output", "-o") { Description = "The output folder of a search (with report.json).", Required = true };
        var command = new Command("report", "Writes report.html again from report.json.") { output };
        command.SetAction(parse =>
        {
            string folder = parse.GetRequiredValue(output);
            ModelSearchReport.Load(folder).Save(folder);
            console.WriteLine($"Wrote {Path.Combine(folder, ModelSearchReport.PageFileName)}.");
            return MlnetNeural.Success;
        });
        return command;
    }
}
