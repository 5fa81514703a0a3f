using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// The metrics a search compares trials on: ML.NET's evaluators' metrics of the task, under their property names
/// (Accuracy, AreaUnderRocCurve, MicroAccuracy, RSquared, DaviesBouldinIndex…). The default to optimize is the
/// <c>mlnet</c> CLI's: Accuracy, MicroAccuracy, RSquared; AreaUnderRocCurve for anomaly detection;
/// NormalizedMutualInformation for clustering with a label and DaviesBouldinIndex without.
/// </summary>
public static class SearchMetric
{
    private static readonly HashSet<string> LowerIsBetter = new(
        ["LogLoss", "MeanAbsoluteError", "MeanSquaredError", "RootMeanSquaredError", "DaviesBouldinIndex", "AverageDistance"], StringComparer.Ordinal);

    /// <summary>The metrics a task reports, the first being its default to optimize.</summary>
    /// <param name="task">The task.</param>
    /// <param name="hasLabel">Whether an unsupervised task has a label to evaluate with.</param>
    /// <returns>The metric names.</returns>
    public static IReadOnlyList<string> Names(ModelSearchTask task, bool hasLabel = true) => task switch
    {
        ModelSearchTask.BinaryClassification => ["Accuracy", "AreaUnderRocCurve", "AreaUnderPrecisionRecallCurve", "F1Score", "LogLoss", "PositivePrecision", "PositiveRecall"],
        ModelSearchTask.MulticlassClassification => ["MicroAccuracy", "MacroAccuracy", "LogLoss"],
        ModelSearchTask.Regression => ["RSquared", "MeanAbsoluteError", "RootMeanSquaredError", "MeanSquaredError"],
        ModelSearchTask.AnomalyDetection => ["AreaUnderRocCurve", "DetectionRateAtFalsePositiveCount"],
        _ => hasLabel ? ["NormalizedMutualInformation", "DaviesBouldinIndex", "AverageDistance"] : ["DaviesBouldinIndex", "AverageDistance"],
    };

    /// <summary>Whether a larger value of <paramref name="metric"/> is better.</summary>
    /// <param name="metric">A metric name.</param>
    /// <returns>False for losses, errors and the Davies–Bouldin index; true otherwise.</returns>
    public static bool IsHigherBetter(string metric) => !LowerIsBetter.Contains(metric);

    /// <summary>Evaluates scored rows with ML.NET's evaluator of the task.</summary>
    internal static Dictionary<string, double> Evaluate(MLContext ml, ModelSearchTask task, IDataView scored, bool hasLabel)
    {
        string label = LabelPreparation.LabelColumnName;
        switch (task)
        {
            case ModelSearchTask.BinaryClassification:
                CalibratedBinaryClassificationMetrics b = ml.BinaryClassification.Evaluate(scored, label);
                return new()
                {
                    ["Accuracy"] = b.Accuracy, ["AreaUnderRocCurve"] = b.AreaUnderRocCurve, ["AreaUnderPrecisionRecallCurve"] = b.AreaUnderPrecisionRecallCurve,
                    ["F1Score"] = b.F1Score, ["LogLoss"] = b.LogLoss, ["PositivePrecision"] = b.PositivePrecision, ["PositiveRecall"] = b.PositiveRecall,
                };
            case ModelSearchTask.MulticlassClassification:
                MulticlassClassificationMetrics m = ml.MulticlassClassification.Evaluate(scored, label);
                return new() { ["MicroAccuracy"] = m.MicroAccuracy, ["MacroAccuracy"] = m.MacroAccuracy, ["LogLoss"] = m.LogLoss };
            case ModelSearchTask.Regression:
                RegressionMetrics r = ml.Regression.Evaluate(scored, label);
                return new() { ["RSquared"] = r.RSquared, ["MeanAbsoluteError"] = r.MeanAbsoluteError, ["RootMeanSquaredError"] = r.RootMeanSquaredError, ["MeanSquaredError"] = r.MeanSquaredError };
            case ModelSearchTask.AnomalyDetection:
                AnomalyDetectionMetrics a = ml.AnomalyDetection.Evaluate(scored, label);
                return new() { ["AreaUnderRocCurve"] = a.AreaUnderRocCurve, ["DetectionRateAtFalsePositiveCount"] = a.DetectionRateAtFalsePositiveCount };
            default:
                ClusteringMetrics c = ml.Clustering.Evaluate(scored, hasLabel ? label : null, featureColumnName: Featurization.FeatureColumnName);
                var metrics = new Dictionary<string, double> { ["DaviesBouldinIndex"] = c.DaviesBouldinIndex, ["AverageDistance"] = c.AverageDistance };
                if (hasLabel)
                {
                    metrics["NormalizedMutualInformation"] = c.NormalizedMutualInformation;
                }
                return metrics;
        }
    }
}
