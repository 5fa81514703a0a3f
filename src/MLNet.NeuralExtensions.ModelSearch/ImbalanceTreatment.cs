namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>How a classification trial treats rare classes; searched when the rarest class holds less than
/// <see cref="ModelSearchSettings.ImbalanceThreshold"/> of the rows.</summary>
public enum ImbalanceTreatment
{
    /// <summary>Rows as they are.</summary>
    None,

    /// <summary>Balanced class weights (scikit-learn's "balanced") for the network; FastTree's and LightGbm's
    /// <c>UnbalancedSets</c> for binary trees.</summary>
    ClassWeights,

    /// <summary>This package's SMOTE over the featurized training rows (<c>OverSampleSmote</c>), before the trainer.</summary>
    Smote,
}
