using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using MLNet.NeuralExtensions.Engine;

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

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

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

    /// <summary>Gets or sets the best model's diagnostics, or null in a report written without them.</summary>
    public ModelDiagnostics? Diagnostics { get; init; }

    /// <summary>The report of <paramref name="result"/>, with the best model's diagnostics
    /// (<see cref="ModelDiagnostics.Create"/>).</summary>
    /// <param name="ml">The context the diagnostics are computed in.</param>
    /// <param name="result">The search's result.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidOperationException">The best trial kept no model to diagnose.</exception>
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
            Diagnostics = ModelDiagnostics.Create(ml, result),
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
        AtomicFile.Write(Path.Combine(directory, DataFileName), stream => JsonSerializer.Serialize(stream, this, Json));
        AtomicFile.Write(Path.Combine(directory, PageFileName), stream => stream.Write(Encoding.UTF8.GetBytes(ToHtml())));
    }

    /// <summary>The self-contained page: the summary, the leaderboard, the featurization, the columns and the
    /// diagnostics' pictures, drawn from this report's numbers alone.</summary>
    /// <returns>The HTML.</returns>
    public string ToHtml() => ReportPage.Render(this);
}
