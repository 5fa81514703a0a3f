using System.Diagnostics;
using System.Globalization;
using MLNet.NeuralExtensions.ModelSearch;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MLNet.NeuralExtensions.Cli;

/// <summary>
/// What a search shows while it runs: on a terminal, a live table of the latest trials (trial, trainer, settings, rows
/// fraction, metric, seconds, status) over a bar of the time budget; otherwise (output redirected or captured) a plain
/// line as each trial ends. At the end, <see cref="Summarize"/> prints the leaderboard and the chosen pipeline.
/// </summary>
internal sealed class SearchDisplay(IAnsiConsole console, ModelSearchSettings settings) : IProgress<ModelSearchProgress>
{
    private const int LiveRows = 15;
    private const int LeaderboardRows = 10;

    private readonly object _gate = new();
    private readonly SortedDictionary<int, ModelSearchTrial> _trials = [];
    private readonly Stopwatch _clock = new();
    private readonly string _metric = settings.OptimizingMetric ?? SearchMetric.Names(settings.Task, settings.LabelColumnName is not null)[0];
    private bool _refitting;

    private bool Live => console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;

    /// <summary>Runs <paramref name="search"/>, which reports to this display, and returns its result.</summary>
    public ModelSearchResult Run(Func<IProgress<ModelSearchProgress>, ModelSearchResult> search)
    {
        _clock.Start();
        console.WriteLine($"Searching for a {settings.Task} model for {settings.TrainingTime.TotalSeconds:0.#} s, ranked by {_metric}.");
        if (!Live)
        {
            return search(this);
        }
        Task<ModelSearchResult> running = Task.Run(() => search(this));
        console.Live(Render()).Start(context =>
        {
            while (!running.Wait(250))
            {
                context.UpdateTarget(Render());
            }
            context.UpdateTarget(Render());
        });
        return running.GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public void Report(ModelSearchProgress value)
    {
        lock (_gate)
        {
            if (value.Trial is { } trial)
            {
                _trials[trial.Number] = trial;
            }
            _refitting = value.Stage == ModelSearchStage.Refitting;
        }
        if (Live)
        {
            return;
        }
        if (value is { Stage: ModelSearchStage.TrialEnded, Trial: { } ended })
        {
            console.WriteLine(string.Join(" | ", Cells(ended, _metric)));
        }
        else if (value is { Stage: ModelSearchStage.Refitting, Best: { } best })
        {
            console.WriteLine($"Training trial {best.Number} ({best.Family}) on every row.");
        }
    }

    /// <summary>Prints the leaderboard, the columns left out, and the chosen pipeline.</summary>
    public static void Summarize(IAnsiConsole console, ModelSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Table leaderboard = TrialTable(result.OptimizingMetric, "Rank");
        int rank = 1;
        foreach (ModelSearchTrial trial in result.Leaderboard().Take(LeaderboardRows))
        {
            leaderboard.AddRow([new Text((rank++).ToString(CultureInfo.InvariantCulture)), .. Cells(trial, result.OptimizingMetric).Select(c => new Text(c))]);
        }
        console.Write(new Rule("Leaderboard").LeftJustified());
        console.Write(leaderboard);
        foreach (DatasetColumn column in result.Analysis.Columns.Where(c => c.Role == ColumnRole.Ignored))
        {
            console.WriteLine($"Column '{column.Name}' not used: {column.Reason}.");
        }
        console.Write(new Rule("Pipeline").LeftJustified());
        ModelSearchTrial best = result.BestTrial;
        string[] steps = [.. result.FeaturizationSteps, $"{best.Family} ({best.Settings})"];
        for (int i = 0; i < steps.Length; i++)
        {
            console.WriteLine($"{i + 1,3}. {steps[i]}");
        }
        console.WriteLine(FormattableString.Invariant(
            $"Best: trial {best.Number}, {best.Family}, {result.OptimizingMetric} = {best.Metric(result.OptimizingMetric):F4}; {result.Trials.Count} trials in {result.Elapsed.TotalSeconds:F1} s{(result.TrainedOnAllRows ? "; trained again on every row" : "")}."));
        if (result.WasCancelled)
        {
            console.WriteLine("Cancelled: the best model so far is kept.");
        }
    }

    private Rows Render()
    {
        Table table = TrialTable(_metric);
        double elapsed;
        bool refitting;
        lock (_gate)
        {
            foreach (ModelSearchTrial trial in _trials.Values.TakeLast(LiveRows))
            {
                table.AddRow([.. Cells(trial, _metric).Select(c => new Text(c))]);
            }
            elapsed = _clock.Elapsed.TotalSeconds;
            refitting = _refitting;
        }
        double budget = settings.TrainingTime.TotalSeconds;
        int width = 40;
        int done = (int)Math.Round(width * Math.Clamp(elapsed / budget, 0, 1));
        var bar = new Markup(FormattableString.Invariant(
            $"[green]{new string('━', done)}[/][grey]{new string('━', width - done)}[/] {elapsed:F1} s of {budget:0.#} s{(refitting ? ", training the best on every row" : "")}"));
        return new Rows(table, bar);
    }

    private static Table TrialTable(string metric, params string[] first)
    {
        var table = new Table();
        foreach (string column in (string[])[.. first, "Trial", "Trainer", "Settings", "Rows", metric, "Seconds", "Status"])
        {
            table.AddColumn(column);
        }
        return table;
    }

    private static string[] Cells(ModelSearchTrial trial, string metric)
    {
        double value = trial.Metric(metric);
        bool ended = trial.Duration > TimeSpan.Zero || trial.Status != TrialStatus.Completed;
        return
        [
            trial.Number.ToString(CultureInfo.InvariantCulture),
            trial.Family.ToString(),
            trial.Settings,
            trial.RowFraction.ToString("P0", CultureInfo.InvariantCulture),
            double.IsNaN(value) ? "" : value.ToString("F4", CultureInfo.InvariantCulture),
            ended ? trial.Duration.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "",
            ended ? trial.Status.ToString() : "running",
        ];
    }
}
