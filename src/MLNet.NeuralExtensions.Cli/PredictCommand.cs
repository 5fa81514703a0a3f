using System.CommandLine;
using System.Text;
using Microsoft.ML;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.ModelSearch.CodeGeneration;
using Spectre.Console;

namespace MLNet.NeuralExtensions.Cli;

/// <summary>
/// <c>predict</c>: scores --dataset (laid out as the training file) with a model a search wrote, reading the columns
/// through the model-input.json beside it, and writes PredictedLabel, Score and Probability (those the model has) as
/// CSV to --output, or to the console without it.
/// </summary>
internal static class PredictCommand
{
    private static readonly string[] PredictionColumns = ["PredictedLabel", "Score", "Probability"];

    public static Command Create(IAnsiConsole console)
    {
        var model = new Option<string>("--model") { Description = "The model.zip a search wrote (model-input.json beside it).", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "The rows to score, with the training file's columns.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "The CSV file to write the predictions to (default: the console)." };
        var command = new Command("predict", "Scores a CSV with a model a search wrote.") { model, dataset, output };
        command.SetAction(parse => Execute(console, parse.GetRequiredValue(model), parse.GetRequiredValue(dataset), parse.GetValue(output)));
        return command;
    }

    private static int Execute(IAnsiConsole console, string modelPath, string datasetPath, string? outputPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The model '{modelPath}' does not exist.", modelPath);
        }
        ModelInputLayout layout = ModelInputLayout.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, ModelInputLayout.FileName));
        var ml = new MLContext();
        IDataView rows = layout.Load(ml, datasetPath);
        ITransformer model = ml.Model.Load(modelPath, out _);
        IDataView scored = model.Transform(rows);
        string[] columns = [.. PredictionColumns.Where(c => scored.Schema.GetColumnOrNull(c) is { IsHidden: false })];
        IDataView predictions = ml.Transforms.SelectColumns(columns).Fit(scored).Transform(scored);
        using var text = new MemoryStream();
        ml.Data.SaveAsText(predictions, text, separatorChar: ',', headerRow: true, schema: false);
        if (outputPath is null)
        {
            console.Profile.Out.Writer.Write(Encoding.UTF8.GetString(text.ToArray()));
            return MlnetNeural.Success;
        }
        string full = Path.GetFullPath(outputPath);
        AtomicFile.Write(full, text.WriteTo);
        console.WriteLine($"Wrote the predictions of {columns.Length} column(s) to {full}.");
        return MlnetNeural.Success;
    }
}
