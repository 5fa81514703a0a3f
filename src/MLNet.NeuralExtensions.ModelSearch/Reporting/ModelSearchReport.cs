using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>
/// What a search's report shows, kept as data (report.json) so the page (report.html, self-contained) can be written
/// again without the search: the dataset's columns and the featurization, the leaderboard, and the best model's
/// diagnostics.
/// </summary>
public sealed class ModelSearchReport
{
    /// <summary>The data file's name in an output directory: "report.json".</summary>
    public const string DataFileName = "report.json";

    /// <summary>The page's name in an output directory: "report.html".</summary>
    public const string PageFileName = "report.html";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Gets or sets the task.</summary>
    public ModelSearchTask Task { get; init; }

    /// <summary>Gets or sets the dataset's path.</summary>
    public string Dataset { get; init; } = "";

    /// <summary>Gets or sets the label column, or null.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>Gets or sets the metric trials were ranked by.</summary>
    public string OptimizingMetric { get; init; } = "";

    /// <summary>Gets or sets the training time asked for, in seconds.</summary>
    public double BudgetSeconds { get; init; }

    /// <summary>Gets or sets the time the search took, in seconds.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Gets or sets whether the saved model was trained again on every row.</summary>
    public bool TrainedOnAllRows { get; init; }

    /// <summary>Gets or sets whether the search was cancelled.</summary>
    public bool WasCancelled { get; init; }

    /// <summary>Gets or sets the dataset's columns as the inference saw them.</summary>
    public IReadOnlyList<DatasetColumn> Columns { get; init; } = [];

    /// <summary>Gets or sets the featurization, one ML.NET transform a line.</summary>
    public IReadOnlyList<string> Featurization { get; init; } = [];

    /// <summary>Gets or sets the trials, best first.</summary>
    public IReadOnlyList<LeaderboardEntry> Leaderboard { get; init; } = [];

    /// <summary>Gets or sets the best trial's number.</summary>
    public int BestTrial { get; init; }

    /// <summary>The report of <paramref name="result"/>.</summary>
    /// <param name="ml">The context the diagnostics are computed in.</param>
    /// <param name="result">The search's result.</param>
    /// <returns>The report.</returns>
    public static ModelSearchReport Create(MLContext ml, ModelSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(result);
        return new ModelSearchReport
        {
            Task = result.Analysis.Task,
            Dataset = result.Analysis.Path,
            LabelColumnName = result.Analysis.LabelColumnName,
            OptimizingMetric = result.OptimizingMetric,
            BudgetSeconds = result.Settings.TrainingTime.TotalSeconds,
            ElapsedSeconds = result.Elapsed.TotalSeconds,
            TrainedOnAllRows = result.TrainedOnAllRows,
            WasCancelled = result.WasCancelled,
            Columns = result.Analysis.Columns,
            Featurization = result.FeaturizationSteps,
            Leaderboard = [.. result.Leaderboard().Select(LeaderboardEntry.From)],
            BestTrial = result.BestTrial.Number,
        };
    }

    /// <summary>Reads the report.json of <paramref name="directory"/>.</summary>
    /// <param name="directory">An output directory of a search.</param>
    /// <returns>The report.</returns>
    /// <exception cref="FileNotFoundException">The directory has no report.json.</exception>
    /// <exception cref="InvalidDataException">The file is not a report; the message names it.</exception>
    public static ModelSearchReport Load(string directory)
    {
        string path = Path.Combine(directory, DataFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{directory}' has no {DataFileName}; it is written by a search.", path);
        }
        try
        {
            return JsonSerializer.Deserialize<ModelSearchReport>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"'{path}' holds no report.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a search report: {e.Message}", e);
        }
    }

    /// <summary>Writes report.json and report.html into <paramref name="directory"/>, each to a temporary file first and
    /// then moved over the old one.</summary>
    /// <param name="directory">The output directory; created when missing.</param>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, DataFileName), JsonSerializer.Serialize(this, Json));
        WriteAtomically(Path.Combine(directory, PageFileName), ToHtml());
    }

    /// <summary>The self-contained page.</summary>
    /// <returns>The HTML.</returns>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(Task.ToString())} search: {Encode(Path.GetFileName(Dataset))}</title></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Encode(Task.ToString())} on {Encode(Path.GetFileName(Dataset))}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Ranked by {Encode(OptimizingMetric)}; {Leaderboard.Count} trials in {ElapsedSeconds:F1} s of a {BudgetSeconds:F0} s budget.</p>");
        html.Append("<h2>Leaderboard</h2><table id=\"leaderboard\"><thead><tr><th>Rank</th><th>Trial</th><th>Trainer</th><th>Settings</th><th>Rows</th><th>")
            .Append(Encode(OptimizingMetric)).Append("</th><th>Seconds</th><th>Status</th></tr></thead><tbody>");
        int rank = 1;
        foreach (LeaderboardEntry e in Leaderboard)
        {
            string metric = e.Metrics.TryGetValue(OptimizingMetric, out double v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{rank++}</td><td>{e.Number}</td><td>{e.Family}</td><td>{Encode(e.Settings)}</td><td>{e.RowFraction:P0}</td><td>{metric}</td><td>{e.Seconds:F2}</td><td>{e.Status}</td></tr>");
        }
        html.Append("</tbody></table><h2>Pipeline</h2><ol>");
        foreach (string step in Featurization)
        {
            html.Append("<li>").Append(Encode(step)).Append("</li>");
        }
        html.Append("</ol></body></html>");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static void WriteAtomically(string path, string text)
    {
        string temporary = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
