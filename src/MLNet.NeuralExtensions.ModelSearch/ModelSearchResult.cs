using Microsoft.ML;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>What a search found: every trial, the best one, and the model to save.</summary>
public sealed class ModelSearchResult
{
    private readonly ITransformer _scoringModel;

    internal ModelSearchResult(DatasetAnalysis analysis, ModelSearchSettings settings, IReadOnlyList<string> featurization, IReadOnlyList<ModelSearchTrial> trials,
        ModelSearchTrial best, ITransformer model, ITransformer scoringModel, DataViewSchema inputSchema, bool trainedOnAllRows, TimeSpan elapsed, bool wasCancelled)
    {
        _scoringModel = scoringModel;
        Analysis = analysis;
        Settings = settings;
        FeaturizationSteps = featurization;
        Trials = trials;
        BestTrial = best;
        Model = model;
        InputSchema = inputSchema;
        TrainedOnAllRows = trainedOnAllRows;
        Elapsed = elapsed;
        WasCancelled = wasCancelled;
    }

    /// <summary>Gets the dataset's columns and label.</summary>
    public DatasetAnalysis Analysis { get; }

    /// <summary>Gets the settings searched with.</summary>
    public ModelSearchSettings Settings { get; }

    /// <summary>Gets the featurization every trial used, one ML.NET transform a line.</summary>
    public IReadOnlyList<string> FeaturizationSteps { get; }

    /// <summary>Gets every trial, in the order they started.</summary>
    public IReadOnlyList<ModelSearchTrial> Trials { get; }

    /// <summary>Gets the best completed trial on all of its folds' training rows (or, when none got that far, on
    /// fewer).</summary>
    public ModelSearchTrial BestTrial { get; }

    /// <summary>Gets the name of the metric trials were ranked by.</summary>
    public string OptimizingMetric => Settings.Metric;

    /// <summary>Gets the model to save and score with: featurization and the best trial's trainer, trained again on every
    /// row when <see cref="TrainedOnAllRows"/>, followed for multiclass classification by ML.NET's <c>MapKeyToValue</c>
    /// of PredictedLabel, so it predicts the class text. It reads the dataset's columns as
    /// <see cref="DatasetAnalysis.CreateTextLoader"/> loads them; the label column is not needed.</summary>
    public ITransformer Model { get; }

    /// <summary>Gets the schema of the loaded dataset, which <see cref="Save"/> records in the model file.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>Gets whether <see cref="Model"/> was trained again on every row; false when the budget left no time or
    /// the search was cancelled (it is then the best trial's last-fold model).</summary>
    public bool TrainedOnAllRows { get; }

    /// <summary>Gets the time from the start of the search to its end, the final training included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets whether the search was cancelled before its budget ran out; the model is then the best so far.</summary>
    public bool WasCancelled { get; }

    /// <summary>The trials ranked best first: those completed on all of their folds' training rows by the optimizing
    /// metric, then those of lower rungs by it, then cancelled and failed ones.</summary>
    /// <returns>The leaderboard.</returns>
    public IEnumerable<ModelSearchTrial> Leaderboard() => Rank(Trials, OptimizingMetric);

    /// <summary>Evaluates <see cref="Model"/> with ML.NET's evaluator of the task on another file with the dataset's
    /// columns (a test set), as the search scored its trials.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="path">The file; its rows without a label are left out.</param>
    /// <returns>The metrics, by <see cref="SearchMetric"/> name.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The dataset '{path}' does not exist.", path);
        }
        IDataView rows = LabelPreparation.Apply(ml, Analysis, Analysis.Load(ml, path));
        return SearchMetric.Evaluate(ml, Analysis.Task, _scoringModel.Transform(rows), Analysis.LabelColumnName is not null);
    }

    /// <summary>Saves <see cref="Model"/> as an ML.NET model file, written beside <paramref name="path"/> first and
    /// moved over it, so a failed save leaves no half-written file.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="path">The model file (model.zip).</param>
    public void Save(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => ml.Model.Save(Model, InputSchema, stream));
    }

    internal static IEnumerable<ModelSearchTrial> Rank(IEnumerable<ModelSearchTrial> trials, string metric)
    {
        double sign = SearchMetric.IsHigherBetter(metric) ? -1 : 1;
        static int Group(ModelSearchTrial t, string metric) =>
            t.Status != TrialStatus.Completed || double.IsNaN(t.Metric(metric)) ? 2 : t.RowFraction >= 1 ? 0 : 1;
        return trials.OrderBy(t => Group(t, metric))
            .ThenBy(t => Group(t, metric) < 2 ? sign * t.Metric(metric) : 0)
            .ThenBy(t => t.Number);
    }
}
