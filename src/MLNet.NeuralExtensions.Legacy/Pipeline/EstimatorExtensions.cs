using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

/// <summary>Chaining of estimators and transformers with <c>Append</c>.</summary>
public static class EstimatorExtensions
{
    /// <summary>Creates a chain of <paramref name="start"/> followed by <paramref name="estimator"/>.</summary>
    /// <typeparam name="TTrans">The transformer type of the appended estimator.</typeparam>
    /// <param name="start">The first estimator.</param>
    /// <param name="estimator">The estimator to fit after it.</param>
    /// <param name="scope">When the appended step applies; <see cref="TransformerScope.Everything"/> by default.</param>
    /// <returns>The chain.</returns>
    public static EstimatorChain<TTrans> Append<TTrans>(this IEstimator<ITransformer> start, IEstimator<TTrans> estimator, TransformerScope scope = TransformerScope.Everything)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        return start is EstimatorChain<ITransformer> chain
            ? chain.Append(estimator, scope)
            : new EstimatorChain<ITransformer>().Append(start).Append(estimator, scope);
    }

    /// <summary>Creates a chain of <paramref name="start"/> followed by <paramref name="transformer"/>.</summary>
    /// <typeparam name="TTrans">The type of the appended transformer.</typeparam>
    /// <param name="start">The first transformer.</param>
    /// <param name="transformer">The transformer to apply after it.</param>
    /// <returns>The chain.</returns>
    public static TransformerChain<TTrans> Append<TTrans>(this ITransformer start, TTrans transformer)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        return new TransformerChain<ITransformer>(start).Append(transformer);
    }
}
