using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Evaluation;

namespace MLNet.NeuralExtensions;

/// <summary>Clustering: trainers, evaluation and cross-validation; <c>mlContext.Clustering</c>.</summary>
public sealed class ClusteringCatalog : TrainCatalogBase
{
    internal ClusteringCatalog(MLContext context)
        : base(context) => Trainers = new ClusteringTrainers(this);

    /// <summary>Gets the trainers.</summary>
    public ClusteringTrainers Trainers { get; }

    /// <summary>Evaluates a clustering from the distances in its Score column (the predicted cluster is the nearest).</summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">A class column for normalized mutual information; <see langword="null"/> (the default) skips it.</param>
    /// <param name="scoreColumnName">The Vector&lt;Single&gt; of distances to each cluster; "Score" by default.</param>
    /// <param name="featureColumnName">The Vector&lt;Single&gt; features for the Davies–Bouldin index; <see langword="null"/> (the default) skips it.</param>
    /// <returns>The metrics.</returns>
    public ClusteringMetrics Evaluate(IDataView data, string? labelColumnName = null, string scoreColumnName = DefaultColumnNames.Score, string? featureColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        float[][] scores = EvaluationColumns.ReadVectors(data, EvaluationColumns.RequireFloatVector(data.Schema, scoreColumnName, "score"));
        double[]? labels = labelColumnName is null ? null : EvaluationColumns.ReadScalars(data, EvaluationColumns.RequireScalarNumeric(data.Schema, labelColumnName, "label"))[0];
        float[][]? features = featureColumnName is null ? null : EvaluationColumns.ReadVectors(data, EvaluationColumns.RequireFloatVector(data.Schema, featureColumnName, "feature"));
        return Evaluators.Clustering(scores, labels, features);
    }

    /// <summary>Cross-validates an estimator.</summary>
    /// <param name="data">The data.</param>
    /// <param name="estimator">The pipeline to fit per fold.</param>
    /// <param name="numberOfFolds">The number of folds; 5 by default.</param>
    /// <param name="labelColumnName">A class column for NMI; <see langword="null"/> by default.</param>
    /// <param name="featuresColumnName">The features for the Davies–Bouldin index; <see langword="null"/> by default.</param>
    /// <param name="samplingKeyColumnName">A column keeping equal values in one fold; <see langword="null"/> by default.</param>
    /// <param name="seed">The split seed; <see langword="null"/> takes the context's next seed.</param>
    /// <returns>One result per fold.</returns>
    public IReadOnlyList<CrossValidationResult<ClusteringMetrics>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string? labelColumnName = null, string? featuresColumnName = null, string? samplingKeyColumnName = null, int? seed = null) =>
        CrossValidateCore(data, estimator, numberOfFolds, samplingKeyColumnName, seed, scored => Evaluate(scored, labelColumnName, featureColumnName: featuresColumnName));

    /// <summary>The clustering trainers.</summary>
    public sealed class ClusteringTrainers
    {
        internal ClusteringTrainers(ClusteringCatalog owner) => Owner = owner;

        internal ClusteringCatalog Owner { get; }
    }
}
