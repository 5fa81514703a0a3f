namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>The kind of model a search looks for, as the <c>mlnet</c> CLI names its scenarios.</summary>
public enum ModelSearchTask
{
    /// <summary>Two classes; the label has two distinct values.</summary>
    BinaryClassification,

    /// <summary>Three or more classes; the label is text or numbers with a few distinct values.</summary>
    MulticlassClassification,

    /// <summary>A numeric label.</summary>
    Regression,

    /// <summary>Unsupervised anomaly detection; the label (two values, the positive one marking anomalies) only evaluates.</summary>
    AnomalyDetection,

    /// <summary>Unsupervised clustering; a label, when named, only evaluates (normalized mutual information).</summary>
    Clustering,
}
