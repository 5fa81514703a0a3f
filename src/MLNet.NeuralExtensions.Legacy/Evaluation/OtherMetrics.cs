namespace MLNet.NeuralExtensions.Data;

/// <summary>Quality of a multiclass classifier.</summary>
public sealed class MulticlassClassificationMetrics
{
    internal MulticlassClassificationMetrics(double micro, double macro, double logLoss, double logLossReduction, int topK, double[] topKForAllK, double[] perClassLogLoss, ConfusionMatrix confusionMatrix)
    {
        MicroAccuracy = micro;
        MacroAccuracy = macro;
        LogLoss = logLoss;
        LogLossReduction = logLossReduction;
        TopKPredictionCount = topK;
        TopKAccuracyForAllK = topKForAllK;
        TopKAccuracy = topKForAllK.Length > 0 ? topKForAllK[^1] : 0;
        PerClassLogLoss = perClassLogLoss;
        ConfusionMatrix = confusionMatrix;
    }

    /// <summary>Gets the fraction of rows classified correctly.</summary>
    public double MicroAccuracy { get; }

    /// <summary>Gets the mean recall over the classes present in the labels.</summary>
    public double MacroAccuracy { get; }

    /// <summary>Gets the mean of −ln of the score of the actual class, clamped to [1e-15, 1].</summary>
    public double LogLoss { get; }

    /// <summary>Gets (H − LogLoss) / H, with H the natural-log entropy of the label distribution.</summary>
    public double LogLossReduction { get; }

    /// <summary>Gets the K of <see cref="TopKAccuracy"/> (0 when not requested).</summary>
    public int TopKPredictionCount { get; }

    /// <summary>Gets the fraction of rows whose actual class is among the K highest scores (0 when K is 0).</summary>
    public double TopKAccuracy { get; }

    /// <summary>Gets the top-k accuracy for k = 1 to K.</summary>
    public IReadOnlyList<double> TopKAccuracyForAllK { get; }

    /// <summary>Gets the log loss over the rows of each class (NaN for an absent class).</summary>
    public IReadOnlyList<double> PerClassLogLoss { get; }

    /// <summary>Gets the confusion matrix.</summary>
    public ConfusionMatrix ConfusionMatrix { get; }
}

/// <summary>Quality of a regression model.</summary>
public sealed class RegressionMetrics
{
    internal RegressionMetrics(double mae, double mse, double rSquared)
    {
        MeanAbsoluteError = mae;
        MeanSquaredError = mse;
        RootMeanSquaredError = Math.Sqrt(mse);
        LossFunction = mse;
        RSquared = rSquared;
    }

    /// <summary>Gets the mean of |label − score|.</summary>
    public double MeanAbsoluteError { get; }

    /// <summary>Gets the mean of (label − score)².</summary>
    public double MeanSquaredError { get; }

    /// <summary>Gets the square root of <see cref="MeanSquaredError"/>.</summary>
    public double RootMeanSquaredError { get; }

    /// <summary>Gets the mean loss; the squared loss, so equal to <see cref="MeanSquaredError"/>.</summary>
    public double LossFunction { get; }

    /// <summary>Gets the coefficient of determination, 1 − SSE / SST (NaN when the labels are constant).</summary>
    public double RSquared { get; }
}

/// <summary>Quality of a clustering.</summary>
public sealed class ClusteringMetrics
{
    internal ClusteringMetrics(double nmi, double averageDistance, double dbi)
    {
        NormalizedMutualInformation = nmi;
        AverageDistance = averageDistance;
        DaviesBouldinIndex = dbi;
    }

    /// <summary>Gets I(class; cluster) / H(class) in nats; NaN when no label column was given.</summary>
    public double NormalizedMutualInformation { get; }

    /// <summary>Gets the mean distance from each row to its nearest cluster (the smallest Score).</summary>
    public double AverageDistance { get; }

    /// <summary>Gets the Davies–Bouldin index over the clusters' feature centroids (scikit-learn's definition); NaN when no feature column was given.</summary>
    public double DaviesBouldinIndex { get; }
}

/// <summary>Quality of an anomaly detector.</summary>
public sealed class AnomalyDetectionMetrics
{
    internal AnomalyDetectionMetrics(double auc, double detectionRate)
    {
        AreaUnderRocCurve = auc;
        DetectionRateAtFalsePositiveCount = detectionRate;
    }

    /// <summary>Gets the area under the ROC curve of the scores, anomalies being the positive class.</summary>
    public double AreaUnderRocCurve { get; }

    /// <summary>Gets the fraction of anomalies ranked above the (K+1)-th highest-scored normal row, K being the false-positive count.</summary>
    public double DetectionRateAtFalsePositiveCount { get; }
}
