namespace MLNet.NeuralExtensions.Trainers;

/// <summary>An estimator that can be copied with another seed, so that bagging's members start differently.</summary>
internal interface ISeedableEstimator
{
    /// <summary>The same estimator with its seed set to <paramref name="seed"/>.</summary>
    IEstimator<ITransformer> WithSeed(int seed);
}
