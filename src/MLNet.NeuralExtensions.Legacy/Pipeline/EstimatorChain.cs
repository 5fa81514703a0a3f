namespace MLNet.NeuralExtensions.Data;

/// <summary>A sequence of estimators fitted one after the other, each on the output of the transformers fitted before it.</summary>
/// <typeparam name="TLastTransformer">The transformer type produced by the last estimator.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] _estimators;
    private readonly TransformerScope[] _scopes;

    /// <summary>Creates an empty chain.</summary>
    public EstimatorChain()
        : this([], [])
    {
    }

    private EstimatorChain(IEstimator<ITransformer>[] estimators, TransformerScope[] scopes)
    {
        _estimators = estimators;
        _scopes = scopes;
        LastEstimator = estimators.Length == 0 ? null! : (IEstimator<TLastTransformer>)estimators[^1];
    }

    /// <summary>Gets the last estimator, or <see langword="null"/> for an empty chain.</summary>
    public IEstimator<TLastTransformer> LastEstimator { get; }

    /// <summary>Checks every step against the schema it will see, then fits them in order.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The chain of fitted transformers.</returns>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        IDataView current = input;
        var fitted = new ITransformer[_estimators.Length];
        for (int i = 0; i < _estimators.Length; i++)
        {
            fitted[i] = _estimators[i].Fit(current);
            if (i < _estimators.Length - 1)
            {
                current = fitted[i] is ITrainingTimeTransformer training
                    ? training.TransformForTrainingPipeline(current)
                    : fitted[i].Transform(current);
            }
        }

        return new TransformerChain<TLastTransformer>(fitted, _scopes);
    }

    /// <summary>Propagates the schema shape through every step.</summary>
    /// <param name="inputSchema">The shape of the input.</param>
    /// <returns>The shape after the last step.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShape shape = inputSchema;
        foreach (IEstimator<ITransformer> e in _estimators)
        {
            shape = e.GetOutputSchema(shape);
        }

        return shape;
    }

    /// <summary>Returns a new chain with <paramref name="estimator"/> added at the end.</summary>
    /// <typeparam name="TNewTrans">The transformer type of the new estimator.</typeparam>
    /// <param name="estimator">The estimator to add.</param>
    /// <param name="scope">When the fitted step applies; <see cref="TransformerScope.Everything"/> by default.</param>
    /// <returns>The new chain; this one is unchanged.</returns>
    public EstimatorChain<TNewTrans> Append<TNewTrans>(IEstimator<TNewTrans> estimator, TransformerScope scope = TransformerScope.Everything)
        where TNewTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNewTrans>([.. _estimators, (IEstimator<ITransformer>)estimator], [.. _scopes, scope]);
    }
}
