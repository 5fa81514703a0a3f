using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>
/// How the best model did on the held-out rows it was scored on (its last fold's, or the validation file's), as
/// numbers the page draws: ROC and precision-recall curves (binary classification, and anomaly detection with a
/// label), the confusion matrix (binary and multiclass classification), residuals against predictions (regression),
/// each column's permutation importance (the tasks with a label, clustering aside), the learning curves of the best
/// network trial, and the U-matrix of the best self-organizing map. A diagnostic that does not apply is null (the
/// importances empty).
/// </summary>
public sealed class ModelDiagnostics
{
    /// <summary>Gets or sets the trial diagnosed: the search's best.</summary>
    public int TrialNumber { get; init; }

    /// <summary>Gets or sets the trial's family.</summary>
    public TrainerFamily Family { get; init; }

    /// <summary>Gets or sets the ROC curve: false positive rate (x) against true positive rate (y), a point at each
    /// distinct score; null unless the task is binary classification or anomaly detection with a label, and the
    /// held-out rows hold both classes.</summary>
    public CurvePoints? Roc { get; init; }

    /// <summary>Gets or sets the precision-recall curve: recall (x) against precision (y); null as <see cref="Roc"/>.</summary>
    public CurvePoints? PrecisionRecall { get; init; }

    /// <summary>Gets or sets ML.NET's confusion matrix; null unless the task is binary or multiclass classification.</summary>
    public ConfusionTable? Confusion { get; init; }

    /// <summary>Gets or sets the residuals against the predictions; null unless the task is regression.</summary>
    public ResidualPoints? Residuals { get; init; }

    /// <summary>Gets or sets the metric the importances are measured by: the search's optimizing metric; null when there
    /// are none.</summary>
    public string? ImportanceMetric { get; init; }

    /// <summary>Gets or sets each feature column's permutation importance (<see cref="PermutationImportance"/>), the most
    /// important first; empty for clustering and without a label.</summary>
    public IReadOnlyList<ColumnImportance> Importance { get; init; } = [];

    /// <summary>Gets or sets the learning curves of the best network trial (<see cref="TrainerFamily.Mlp"/>, or
    /// <see cref="TrainerFamily.Autoencoder"/> for anomaly detection), the best trial or not; null when no network
    /// trial completed.</summary>
    public LearningCurve? LearningCurve { get; init; }

    /// <summary>Gets or sets the U-matrix of the best <see cref="TrainerFamily.Som"/> trial (clustering), the best trial
    /// or not; null when no map trial completed.</summary>
    public SomMap? SomMap { get; init; }

    /// <summary>The diagnostics of <paramref name="result"/>'s best trial, from its model and held-out rows (and the
    /// best network's and map's models).</summary>
    /// <param name="ml">The context to score and evaluate in.</param>
    /// <param name="result">The search's result.</param>
    /// <returns>The diagnostics.</returns>
    /// <exception cref="InvalidOperationException">The best trial kept no model (the search keeps it).</exception>
    public static ModelDiagnostics Create(MLContext ml, ModelSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(result);
        ModelSearchTrial best = result.BestTrial;
        DatasetAnalysis analysis = result.Analysis;
        if (best.Model is not { } model || best.HeldOutData is not { } heldOut)
        {
            throw new InvalidOperationException($"The best trial, {best.Number}, kept no model to diagnose.");
        }
        IDataView scored = model.Transform(heldOut);
        bool labelled = analysis.LabelColumnName is not null;
        string label = LabelPreparation.LabelColumnName;
        (CurvePoints Roc, CurvePoints PrecisionRecall)? curves = analysis.Task == ModelSearchTask.BinaryClassification || (analysis.Task == ModelSearchTask.AnomalyDetection && labelled)
            ? ThresholdSweep.Curves([.. scored.GetColumn<float>("Score")], analysis.Task == ModelSearchTask.AnomalyDetection
                ? [.. scored.GetColumn<float>(label).Select(v => v > 0)]
                : [.. scored.GetColumn<bool>(label)])
            : null;
        ConfusionTable? confusion = analysis.Task switch
        {
            ModelSearchTask.BinaryClassification => ConfusionTable.From(ml.BinaryClassification.EvaluateNonCalibrated(scored, label).ConfusionMatrix,
                [analysis.PositiveClass!, analysis.Classes.Single(c => c != analysis.PositiveClass)]),
            ModelSearchTask.MulticlassClassification => ConfusionTable.From(ml.MulticlassClassification.Evaluate(scored, label).ConfusionMatrix, analysis.Classes),
            _ => null,
        };
        bool importance = labelled && analysis.Task != ModelSearchTask.Clustering;
        ModelSearchTrial? network = Best(result, TrainerFamily.Mlp, TrainerFamily.Autoencoder);
        ModelSearchTrial? map = Best(result, TrainerFamily.Som);
        return new ModelDiagnostics
        {
            TrialNumber = best.Number,
            Family = best.Family,
            Roc = curves?.Roc,
            PrecisionRecall = curves?.PrecisionRecall,
            Confusion = confusion,
            Residuals = analysis.Task == ModelSearchTask.Regression ? ResidualPoints.From([.. scored.GetColumn<float>(label)], [.. scored.GetColumn<float>("Score")]) : null,
            ImportanceMetric = importance ? result.OptimizingMetric : null,
            Importance = importance ? PermutationImportance.Compute(ml, analysis, model, heldOut, result.OptimizingMetric, result.Settings.Seed) : [],
            LearningCurve = network is null ? null : LearningCurve.From(network, NeuralNetworkModelParameters.From(network.Model!).History),
            SomMap = map is null ? null : SomMap.From(map, Predictor<SomModelParameters>(map.Model!)),
        };
    }

    /// <summary>The best completed trial of <paramref name="families"/> that kept its model, or null.</summary>
    private static ModelSearchTrial? Best(ModelSearchResult result, params TrainerFamily[] families) =>
        ModelSearchResult.Rank(result.Trials.Where(t => families.Contains(t.Family) && t.Model is not null), result.OptimizingMetric).FirstOrDefault();

    /// <summary>The model parameters of the last prediction transformer in <paramref name="model"/>'s chain.</summary>
    private static TModel Predictor<TModel>(ITransformer model)
        where TModel : class =>
        ((IEnumerable<ITransformer>)model).OfType<IPredictionTransformer<TModel>>().Last().Model;
}
