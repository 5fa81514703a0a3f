using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>An estimator with nothing to learn: fitting returns a transformer fixed at construction, after checking the data's schema.</summary>
/// <typeparam name="TTransformer">The transformer type.</typeparam>
public abstract class TrivialEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
{
    private protected TrivialEstimator(TTransformer transformer) => Transformer = transformer;

    /// <summary>Gets the transformer that <see cref="Fit"/> returns.</summary>
    protected TTransformer Transformer { get; }

    /// <summary>Checks <paramref name="input"/>'s schema and returns the transformer.</summary>
    /// <param name="input">The data; only its schema is read.</param>
    /// <returns>The transformer.</returns>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Transformer.GetOutputSchema(input.Schema);
        return Transformer;
    }

    /// <inheritdoc/>
    public virtual SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, Transformer.GetOutputSchema);
    }
}
