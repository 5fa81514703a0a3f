using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using MLNet.NeuralExtensions.ModelSearch;

namespace MLNet.NeuralExtensions.Cli;

/// <summary>The options of a search command, named as the <c>mlnet</c> CLI names them.</summary>
internal sealed class SearchOptions
{
    private readonly ModelSearchTask _task;

    public SearchOptions(ModelSearchTask task)
    {
        _task = task;
        bool supervised = task is ModelSearchTask.BinaryClassification or ModelSearchTask.MulticlassClassification or ModelSearchTask.Regression;
        LabelColumn = new("--label-col")
        {
            Description = supervised ? "The label column." : "A label column to evaluate with (optional).",
            Required = supervised,
        };
        IReadOnlyList<string> metrics = SearchMetric.Names(task, hasLabel: true);
        string unlabelled = SearchMetric.Names(task, hasLabel: false)[0];
        OptimizeMetric.Description = $"The metric trials are ranked by: {string.Join(", ", metrics)} (default {metrics[0]}{(unlabelled == metrics[0] ? "" : $" with a label, else {unlabelled}")}).";
        OptimizeMetric.Validators.Add(r => AddErrorUnless(r, r.GetValueOrDefault<string>() is not { } metric || metrics.Contains(metric), $"is not a metric of the {_task} task; it reports {string.Join(", ", metrics)}"));
    }

    public Option<string> Dataset { get; } = new("--dataset") { Description = "The training data: a CSV (or ';', tab, '|' separated) file with a header line.", Required = true };

    public Option<string> LabelColumn { get; }

    public Option<string[]> IgnoreColumns { get; } = new("--ignore-cols")
    {
        Description = "Columns not to use, separated by commas.",
        CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
    };

    public Option<string?> ValidationDataset { get; } = new("--validation-dataset") { Description = "A file with the same columns to compare trials on instead of cross-validation." };

    public Option<double> TrainTime { get; } = new("--train-time")
    {
        Description = "The time for the search, in seconds.",
        DefaultValueFactory = _ => 60,
        CustomParser = r => Parse<double>(r, "--train-time", t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v) ? v : null, "a positive number of seconds"),
    };

    public Option<int> CrossValidationFolds { get; } = new("--cv-folds")
    {
        Description = "The cross-validation folds each trial is scored on; 0 holds out a fifth of the rows.",
        DefaultValueFactory = _ => 5,
        CustomParser = r => Parse<int>(r, "--cv-folds", t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v is 0 or >= 2 ? v : null, "0 (hold out a fifth of the rows) or at least 2"),
    };

    public Option<string?> OptimizeMetric { get; } = new("--optimize-metric");

    public Option<int> Seed { get; } = new("--seed") { Description = "The seed of the folds, the candidates and the trainers.", DefaultValueFactory = _ => 1 };

    public Option<string> Output { get; } = new("--output", "-o") { Description = "The folder the model, the report and the console project are written to.", Required = true };

    public Option<string?> NeuralExtensionsProject { get; } = new("--neural-extensions-project")
    {
        Description = "The MLNet.NeuralExtensions.csproj of a checkout for the generated project to reference instead of the MLNet.NeuralExtensions package.",
    };

    public IEnumerable<Option> All => [Dataset, LabelColumn, IgnoreColumns, ValidationDataset, TrainTime, CrossValidationFolds, OptimizeMetric, Seed, Output, NeuralExtensionsProject];

    /// <summary>The experiment's settings from the parsed command line.</summary>
    public ModelSearchSettings Settings(ParseResult parse) => new()
    {
        Task = _task,
        LabelColumnName = parse.GetValue(LabelColumn),
        IgnoreColumns = parse.GetValue(IgnoreColumns) ?? [],
        TrainingTime = TimeSpan.FromSeconds(parse.GetValue(TrainTime)),
        CrossValidationFolds = parse.GetValue(CrossValidationFolds),
        OptimizingMetric = parse.GetValue(OptimizeMetric),
        Seed = parse.GetValue(Seed),
    };

    /// <summary>The option's value read by <paramref name="parse"/> (null when it is not valid), else an error naming
    /// the value and what was expected.</summary>
    private static T Parse<T>(ArgumentResult result, string option, Func<string, T?> parse, string expected)
        where T : struct
    {
        string text = string.Join(" ", result.Tokens.Select(t => t.Value));
        if (parse(text) is T value)
        {
            return value;
        }
        result.AddError($"The value '{text}' of {option} must be {expected}.");
        return default;
    }

    private static void AddErrorUnless(OptionResult result, bool valid, string problem)
    {
        if (!valid)
        {
            result.AddError($"The value '{string.Join(" ", result.Tokens.Select(t => t.Value))}' of {result.Option.Name} {problem}.");
        }
    }
}
