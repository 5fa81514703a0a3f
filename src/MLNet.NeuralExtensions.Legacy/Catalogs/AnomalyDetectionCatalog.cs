using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Evaluation;

namespace MLNet.NeuralExtensions;

/// <summary>Anomaly detection: trainers and evaluation; <c>mlContext.AnomalyDetection</c>.</summary>
public sealed class AnomalyDetectionCatalog : TrainCatalogBase
{
    internal AnomalyDetectionCatalog(MLContext context)
        : base(context) => Trainers = new AnomalyDetectionTrainers(this);

    /// <summary>Gets the trainers.</summary>
    public AnomalyDetectionTrainers Trainers { get; }

    /// <summary>Evaluates anomaly scores (higher means more anomalous). Rows with a missing label are skipped.</summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The label, true (or &gt; 0) for anomalies; "Label" by default.</param>
    /// <param name="scoreColumnName">The Single anomaly score; "Score" by default.</param>
    /// <param name="predictedLabelColumnName">The predicted label; "PredictedLabel" by default.</param>
    /// <param name="falsePositiveCount">K of the detection rate at K false positives; 10 by default.</param>
    /// <returns>The metrics.</returns>
    public AnomalyDetectionMetrics Evaluate(IDataView data, string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = DefaultColumnNames.Score,
        string predictedLabelColumnName = DefaultColumnNames.PredictedLabel, int falsePositiveCount = 10)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(falsePositiveCount);
        DataViewSchema.Column label = EvaluationColumns.RequireScalarNumeric(data.Schema, labelColumnName, "label");
        DataViewSchema.Column score = EvaluationColumns.RequireFloatScalar(data.Schema, scoreColumnName, "score");
        Func<double, bool?> toClass = EvaluationColumns.BinaryLabel(label);
        double[][] raw = EvaluationColumns.ReadScalars(data, label, score);
        int[] kept = Enumerable.Range(0, raw[0].Length).Where(i => toClass(raw[0][i]) is not null && double.IsFinite(raw[1][i])).ToArray();
        return Evaluators.Anomaly(kept.Select(i => toClass(raw[0][i])!.Value).ToArray(), kept.Select(i => raw[1][i]).ToArray(), falsePositiveCount);
    }

    /// <summary>The anomaly detection trainers.</summary>
    public sealed class AnomalyDetectionTrainers
    {
        internal AnomalyDetectionTrainers(AnomalyDetectionCatalog owner) => Owner = owner;

        internal AnomalyDetectionCatalog Owner { get; }
    }
}
