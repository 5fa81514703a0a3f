namespace MLNet.NeuralExtensions.Data;

/// <summary>Quality of a binary classifier's scores; counts use the rule Score &gt; 0.</summary>
public class BinaryClassificationMetrics
{
    internal BinaryClassificationMetrics(double auc, double accuracy, double posPrecision, double posRecall, double negPrecision, double negRecall, double f1, double auprc, ConfusionMatrix confusionMatrix)
    {
        AreaUnderRocCurve = auc;
        Accuracy = accuracy;
        PositivePrecision = posPrecision;
        PositiveRecall = posRecall;
        NegativePrecision = negPrecision;
        NegativeRecall = negRecall;
        F1Score = f1;
        AreaUnderPrecisionRecallCurve = auprc;
        ConfusionMatrix = confusionMatrix;
    }

    /// <summary>Gets the area under the ROC curve of the scores (ties count one half).</summary>
    public double AreaUnderRocCurve { get; }

    /// <summary>Gets the fraction of rows classified correctly.</summary>
    public double Accuracy { get; }

    /// <summary>Gets TP / (TP + FP), 0 when nothing is predicted positive.</summary>
    public double PositivePrecision { get; }

    /// <summary>Gets TP / (TP + FN).</summary>
    public double PositiveRecall { get; }

    /// <summary>Gets TN / (TN + FN).</summary>
    public double NegativePrecision { get; }

    /// <summary>Gets TN / (TN + FP).</summary>
    public double NegativeRecall { get; }

    /// <summary>Gets the harmonic mean of positive precision and recall.</summary>
    public double F1Score { get; }

    /// <summary>Gets the area under the precision-recall curve, computed as average precision (scikit-learn's definition).</summary>
    public double AreaUnderPrecisionRecallCurve { get; }

    /// <summary>Gets the confusion matrix, positive class first.</summary>
    public ConfusionMatrix ConfusionMatrix { get; }
}

/// <summary>Binary metrics plus those that need calibrated probabilities.</summary>
public sealed class CalibratedBinaryClassificationMetrics : BinaryClassificationMetrics
{
    internal CalibratedBinaryClassificationMetrics(BinaryClassificationMetrics m, double logLoss, double logLossReduction, double entropy)
        : base(m.AreaUnderRocCurve, m.Accuracy, m.PositivePrecision, m.PositiveRecall, m.NegativePrecision, m.NegativeRecall, m.F1Score, m.AreaUnderPrecisionRecallCurve, m.ConfusionMatrix)
    {
        LogLoss = logLoss;
        LogLossReduction = logLossReduction;
        Entropy = entropy;
    }

    /// <summary>Gets the mean of −log2 of the probability given to the actual class (base 2, as ML.NET).</summary>
    public double LogLoss { get; }

    /// <summary>Gets (Entropy − LogLoss) / Entropy: the improvement over predicting the prior, as a fraction.</summary>
    public double LogLossReduction { get; }

    /// <summary>Gets the base-2 entropy of the positive rate of the labels.</summary>
    public double Entropy { get; }
}
