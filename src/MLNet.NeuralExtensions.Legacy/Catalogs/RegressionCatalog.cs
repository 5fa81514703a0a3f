using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Evaluation;

namespace MLNet.NeuralExtensions;

/// <summary>Regression: trainers, evaluation and cross-validation; <c>mlContext.Regression</c>.</summary>
public sealed class RegressionCatalog : TrainCatalogBase
{
    internal RegressionCatalog(MLContext context)
        : base(context) => Trainers = new RegressionTrainers(this);

    /// <summary>Gets the trainers.</summary>
    public RegressionTrainers Trainers { get; }

    /// <summary>Evaluates predictions. Rows with a NaN label are skipped.</summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The numeric label; "Label" by default.</param>
    /// <param name="scoreColumnName">The Single prediction; "Score" by default.</param>
    /// <returns>The metrics.</returns>
    public RegressionMetrics Evaluate(IDataView data, string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = DefaultColumnNames.Score)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column label = SchemaErrors.Require(data.Schema, labelColumnName, t => t is NumberDataViewType, "a numeric scalar", "label");
        DataViewSchema.Column score = EvaluationColumns.RequireFloatScalar(data.Schema, scoreColumnName, "score");
        double[][] raw = EvaluationColumns.ReadScalars(data, label, score);
        int[] kept = Enumerable.Range(0, raw[0].Length).Where(i => !double.IsNaN(raw[0][i])).ToArray();
        return Evaluators.Regression(kept.Select(i => raw[0][i]).ToArray(), kept.Select(i => raw[1][i]).ToArray());
    }

    /// <summary>Cross-validates an estimator.</summary>
    /// <param name="data">The data.</param>
    /// <param name="estimator">The pipeline to fit per fold.</param>
    /// <param name="numberOfFolds">The number of folds; 5 by default.</param>
    /// <param name="labelColumnName">The label; "Label" by default.</param>
    /// <param name="samplingKeyColumnName">A column keeping equal values in one fold; <see langword="null"/> by default.</param>
    /// <param name="seed">The split seed; <see langword="null"/> takes the context's next seed.</param>
    /// <returns>One result per fold.</returns>
    public IReadOnlyList<CrossValidationResult<RegressionMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = DefaultColumnNames.Label, string? samplingKeyColumnName = null, int? seed = null) =>
        CrossValidateCore(data, estimator, numberOfFolds, samplingKeyColumnName, seed, scored => Evaluate(scored, labelColumnName));

    /// <summary>The regression trainers.</summary>
    public sealed class RegressionTrainers
    {
        internal RegressionTrainers(RegressionCatalog owner) => Owner = owner;

        internal RegressionCatalog Owner { get; }
    }
}
