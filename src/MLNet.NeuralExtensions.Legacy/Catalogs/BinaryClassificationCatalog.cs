using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Evaluation;

namespace MLNet.NeuralExtensions;

/// <summary>Binary classification: trainers, evaluation and cross-validation; <c>mlContext.BinaryClassification</c>.</summary>
public sealed class BinaryClassificationCatalog : TrainCatalogBase
{
    internal BinaryClassificationCatalog(MLContext context)
        : base(context) => Trainers = new BinaryClassificationTrainers(this);

    /// <summary>Gets the trainers; each package adds its own as extension methods.</summary>
    public BinaryClassificationTrainers Trainers { get; }

    /// <summary>Evaluates scores and calibrated probabilities. Rows with a missing label or a non-finite score are skipped.</summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The label: Boolean, Single/Double (&gt; 0 is positive) or a 2-category key; "Label" by default.</param>
    /// <param name="scoreColumnName">The Single score; positive means the positive class. "Score" by default.</param>
    /// <param name="probabilityColumnName">The Single probability of the positive class; "Probability" by default.</param>
    /// <param name="predictedLabelColumnName">The predicted label; "PredictedLabel" by default. Counts are computed from Score &gt; 0, as ML.NET does.</param>
    /// <returns>The metrics.</returns>
    public CalibratedBinaryClassificationMetrics Evaluate(IDataView data, string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = DefaultColumnNames.Score,
        string probabilityColumnName = DefaultColumnNames.Probability, string predictedLabelColumnName = DefaultColumnNames.PredictedLabel)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column probability = EvaluationColumns.RequireFloatScalar(data.Schema, probabilityColumnName, "probability");
        (bool[] labels, double[] scores, double[] probabilities) = Read(data, labelColumnName, scoreColumnName, probability);
        return Evaluators.Calibrated(Evaluators.Binary(labels, scores, ClassNames(data.Schema[labelColumnName])), labels, probabilities);
    }

    /// <summary>Evaluates scores only (for classifiers without probabilities).</summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The label; "Label" by default.</param>
    /// <param name="scoreColumnName">The Single score; "Score" by default.</param>
    /// <param name="predictedLabelColumnName">The predicted label; "PredictedLabel" by default.</param>
    /// <returns>The metrics.</returns>
    public BinaryClassificationMetrics EvaluateNonCalibrated(IDataView data, string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = DefaultColumnNames.Score,
        string predictedLabelColumnName = DefaultColumnNames.PredictedLabel)
    {
        ArgumentNullException.ThrowIfNull(data);
        (bool[] labels, double[] scores, _) = Read(data, labelColumnName, scoreColumnName, null);
        return Evaluators.Binary(labels, scores, ClassNames(data.Schema[labelColumnName]));
    }

    /// <summary>Cross-validates an estimator with calibrated metrics.</summary>
    /// <param name="data">The data.</param>
    /// <param name="estimator">The pipeline to fit per fold.</param>
    /// <param name="numberOfFolds">The number of folds; 5 by default.</param>
    /// <param name="labelColumnName">The label; "Label" by default.</param>
    /// <param name="samplingKeyColumnName">A column keeping equal values in one fold; <see langword="null"/> by default.</param>
    /// <param name="seed">The split seed; <see langword="null"/> takes the context's next seed.</param>
    /// <returns>One result per fold.</returns>
    public IReadOnlyList<CrossValidationResult<CalibratedBinaryClassificationMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = DefaultColumnNames.Label, string? samplingKeyColumnName = null, int? seed = null) =>
        CrossValidateCore(data, estimator, numberOfFolds, samplingKeyColumnName, seed, scored => Evaluate(scored, labelColumnName));

    /// <summary>Cross-validates an estimator with score-only metrics.</summary>
    /// <param name="data">The data.</param>
    /// <param name="estimator">The pipeline to fit per fold.</param>
    /// <param name="numberOfFolds">The number of folds; 5 by default.</param>
    /// <param name="labelColumnName">The label; "Label" by default.</param>
    /// <param name="samplingKeyColumnName">A column keeping equal values in one fold; <see langword="null"/> by default.</param>
    /// <param name="seed">The split seed; <see langword="null"/> takes the context's next seed.</param>
    /// <returns>One result per fold.</returns>
    public IReadOnlyList<CrossValidationResult<BinaryClassificationMetrics>> CrossValidateNonCalibrated(IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = DefaultColumnNames.Label, string? samplingKeyColumnName = null, int? seed = null) =>
        CrossValidateCore(data, estimator, numberOfFolds, samplingKeyColumnName, seed, scored => EvaluateNonCalibrated(scored, labelColumnName));

    private static (bool[] Labels, double[] Scores, double[] Probabilities) Read(IDataView data, string labelColumnName, string scoreColumnName, DataViewSchema.Column? probability)
    {
        DataViewSchema.Column label = EvaluationColumns.RequireScalarNumeric(data.Schema, labelColumnName, "label");
        DataViewSchema.Column score = EvaluationColumns.RequireFloatScalar(data.Schema, scoreColumnName, "score");
        Func<double, bool?> toClass = EvaluationColumns.BinaryLabel(label);
        DataViewSchema.Column[] columns = probability is { } p ? [label, score, p] : [label, score];
        double[][] raw = EvaluationColumns.ReadScalars(data, columns);
        int[] kept = Enumerable.Range(0, raw[0].Length).Where(i => toClass(raw[0][i]) is not null && double.IsFinite(raw[1][i])).ToArray();
        return (kept.Select(i => toClass(raw[0][i])!.Value).ToArray(), kept.Select(i => raw[1][i]).ToArray(),
            probability is null ? [] : kept.Select(i => raw[2][i]).ToArray());
    }

    private static string[] ClassNames(DataViewSchema.Column label)
    {
        if (label.Type is KeyDataViewType && label.HasKeyValues())
        {
            label.Annotations.TryGetRaw(AnnotationUtils.Kinds.KeyValues, out object? values);
            string[] names = BoxedVBuffer.DenseItems(values!).Select(v => v.ToString()!).ToArray();
            return [names[1], names[0]];
        }

        return ["positive", "negative"];
    }

    /// <summary>The binary classification trainers.</summary>
    public sealed class BinaryClassificationTrainers
    {
        internal BinaryClassificationTrainers(BinaryClassificationCatalog owner) => Owner = owner;

        internal BinaryClassificationCatalog Owner { get; }
    }
}
