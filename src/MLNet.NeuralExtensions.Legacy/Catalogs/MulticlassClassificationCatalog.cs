using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Evaluation;

namespace MLNet.NeuralExtensions;

/// <summary>Multiclass classification: trainers, evaluation and cross-validation; <c>mlContext.MulticlassClassification</c>.</summary>
public sealed class MulticlassClassificationCatalog : TrainCatalogBase
{
    internal MulticlassClassificationCatalog(MLContext context)
        : base(context) => Trainers = new MulticlassClassificationTrainers(this);

    /// <summary>Gets the trainers.</summary>
    public MulticlassClassificationTrainers Trainers { get; }

    /// <summary>Evaluates per-class scores (probabilities). Rows whose key label is 0 (missing) are skipped.</summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The label: a key, or a Single/Double holding the 0-based class index; "Label" by default.</param>
    /// <param name="scoreColumnName">The Vector&lt;Single&gt; of class scores, in key order; "Score" by default.</param>
    /// <param name="predictedLabelColumnName">The predicted label; "PredictedLabel" by default. Accuracy uses the highest score, as ML.NET does.</param>
    /// <param name="topKPredictionCount">K for top-K accuracy; 0 (the default) skips it.</param>
    /// <returns>The metrics.</returns>
    public MulticlassClassificationMetrics Evaluate(IDataView data, string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = DefaultColumnNames.Score,
        string predictedLabelColumnName = DefaultColumnNames.PredictedLabel, int topKPredictionCount = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(topKPredictionCount);
        DataViewSchema.Column label = EvaluationColumns.RequireScalarNumeric(data.Schema, labelColumnName, "label");
        DataViewSchema.Column score = EvaluationColumns.RequireFloatVector(data.Schema, scoreColumnName, "score");
        int classes = ((VectorDataViewType)score.Type).Size;
        double[] rawLabels = EvaluationColumns.ReadScalars(data, label)[0];
        float[][] scores = EvaluationColumns.ReadVectors(data, score);
        bool isKey = label.Type is KeyDataViewType;
        var rows = new List<int>();
        var labels = new List<int>();
        for (int i = 0; i < rawLabels.Length; i++)
        {
            double v = isKey ? rawLabels[i] - 1 : rawLabels[i];
            if (v < 0 || double.IsNaN(v))
            {
                continue;
            }

            if (v != Math.Floor(v))
            {
                throw new ArgumentOutOfRangeException(nameof(data), $"Label column '{label.Name}' holds {v} at row {i}; a multiclass label is a key or a 0-based class index.");
            }

            rows.Add(i);
            labels.Add((int)v);
        }

        return Evaluators.Multiclass(labels.ToArray(), rows.Select(i => scores[i]).ToArray(), topKPredictionCount, ClassNames(label, score, classes));
    }

    /// <summary>Cross-validates an estimator.</summary>
    /// <param name="data">The data.</param>
    /// <param name="estimator">The pipeline to fit per fold.</param>
    /// <param name="numberOfFolds">The number of folds; 5 by default.</param>
    /// <param name="labelColumnName">The label; "Label" by default.</param>
    /// <param name="samplingKeyColumnName">A column keeping equal values in one fold; <see langword="null"/> by default.</param>
    /// <param name="seed">The split seed; <see langword="null"/> takes the context's next seed.</param>
    /// <returns>One result per fold.</returns>
    public IReadOnlyList<CrossValidationResult<MulticlassClassificationMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = DefaultColumnNames.Label, string? samplingKeyColumnName = null, int? seed = null) =>
        CrossValidateCore(data, estimator, numberOfFolds, samplingKeyColumnName, seed, scored => Evaluate(scored, labelColumnName));

    private static string[] ClassNames(DataViewSchema.Column label, DataViewSchema.Column score, int classes)
    {
        object? names = null;
        if (label.Type is KeyDataViewType && label.HasKeyValues())
        {
            label.Annotations.TryGetRaw(AnnotationUtils.Kinds.KeyValues, out names);
        }
        else if (score.HasSlotNames())
        {
            score.Annotations.TryGetRaw(AnnotationUtils.Kinds.SlotNames, out names);
        }

        string[] fromAnnotation = names is null ? [] : BoxedVBuffer.DenseItems(names).Select(v => v.ToString()!).ToArray();
        return Enumerable.Range(0, classes).Select(i => i < fromAnnotation.Length ? fromAnnotation[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The multiclass classification trainers.</summary>
    public sealed class MulticlassClassificationTrainers
    {
        internal MulticlassClassificationTrainers(MulticlassClassificationCatalog owner) => Owner = owner;

        internal MulticlassClassificationCatalog Owner { get; }
    }
}
