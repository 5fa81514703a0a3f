namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>How a <see cref="ModelSearchExperiment"/> searches: the task and label, the time budget, how trials are
/// compared, and what is searched.</summary>
public sealed class ModelSearchSettings
{
    /// <summary>Gets or sets the task. Default <see cref="ModelSearchTask.BinaryClassification"/>.</summary>
    public ModelSearchTask Task { get; set; } = ModelSearchTask.BinaryClassification;

    /// <summary>Gets or sets the label column of the dataset. Default "Label"; null for clustering or anomaly detection
    /// without a label.</summary>
    public string? LabelColumnName { get; set; } = "Label";

    /// <summary>Gets or sets columns of the dataset not to use. Default none.</summary>
    public IReadOnlyList<string> IgnoreColumns { get; set; } = [];

    /// <summary>Gets or sets the time for the search and the final training on every row, the <c>mlnet</c> CLI's
    /// <c>--train-time</c>. Default 60 seconds. A trial that would run past it is stopped; the search then ends within
    /// about a tenth of it.</summary>
    public TimeSpan TrainingTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the cross-validation folds every trial is scored on, or 0 to hold out
    /// <see cref="ValidationFraction"/> of the rows instead. Ignored when a validation file is given. Default 5.</summary>
    public int CrossValidationFolds { get; set; } = 5;

    /// <summary>Gets or sets the share of rows held out to score trials on when <see cref="CrossValidationFolds"/> is 0
    /// and no validation file is given. Default 0.2.</summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Gets or sets the metric trials are ranked by (a name of <see cref="SearchMetric.Names"/>), or null
    /// (default) for the task's first.</summary>
    public string? OptimizingMetric { get; set; }

    /// <summary>Gets or sets the families raced, or null (default) for every family of the task (with ensembles for the
    /// supervised tasks).</summary>
    public IReadOnlyList<TrainerFamily>? Families { get; set; }

    /// <summary>Gets or sets the rarest class's share of the rows below which class weights and SMOTE are searched too.
    /// Default 0.2.</summary>
    public double ImbalanceThreshold { get; set; } = 0.2;

    /// <summary>Gets or sets the factor of successive halving: each rung trains on this many times the rows of the one
    /// before and keeps the best 1 / factor of its trials. Default 3.</summary>
    public int HalvingFactor { get; set; } = 3;

    /// <summary>Gets or sets the fewest training rows of a trial on the lowest rung. Default 300.</summary>
    public int MinimumTrialRows { get; set; } = 300;

    /// <summary>Gets or sets whether the best pipeline is trained again on every row at the end (when the budget leaves
    /// time for it). Default true; otherwise the model of the best trial's last fold is kept.</summary>
    public bool RefitOnAllRows { get; set; } = true;

    /// <summary>Gets or sets the seed of the folds, the candidates and the trainers. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Throws on a setting out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(Task))
        {
            throw new ArgumentOutOfRangeException(nameof(Task), Task, "Unknown task.");
        }
        if (TrainingTime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainingTime), TrainingTime, "The training time must be positive.");
        }
        if (CrossValidationFolds is 1 or < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CrossValidationFolds), CrossValidationFolds, "Cross-validation needs at least 2 folds; 0 holds out ValidationFraction of the rows instead.");
        }
        if (!(ValidationFraction is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "The validation fraction must be in (0, 1).");
        }
        if (HalvingFactor < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(HalvingFactor), HalvingFactor, "The halving factor must be at least 2.");
        }
        if (OptimizingMetric is { } metric && !SearchMetric.Names(Task, LabelColumnName is not null).Contains(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(OptimizingMetric), metric, $"The {Task} task reports {string.Join(", ", SearchMetric.Names(Task, LabelColumnName is not null))}.");
        }
    }

    /// <summary>The metric trials are ranked by.</summary>
    internal string Metric => OptimizingMetric ?? SearchMetric.Names(Task, LabelColumnName is not null)[0];
}
