namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// A transformer that acts differently while its pipeline is being fitted (for example a class-imbalance
/// sampler that adds rows) than when the fitted pipeline scores data (where it passes rows through).
/// </summary>
internal interface ITrainingTimeTransformer
{
    /// <summary>Transforms the data seen by the estimators that follow this one while the pipeline is fitted.</summary>
    IDataView TransformForTrainingPipeline(IDataView input);
}
