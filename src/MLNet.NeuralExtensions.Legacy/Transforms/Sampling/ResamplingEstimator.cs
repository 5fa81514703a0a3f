namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Creates a <see cref="ResamplingTransformer"/> after checking the label and feature columns; nothing is learned
/// (the resampling itself happens as the rest of the pipeline is fitted). Created by the <c>mlContext.Transforms</c>
/// over- and under-sampling methods.</summary>
public sealed class ResamplingEstimator : IEstimator<ResamplingTransformer>
{
    private readonly ResamplingTransformer _transformer;

    internal ResamplingEstimator(ResamplingTransformer transformer) => _transformer = transformer;

    /// <summary>Checks <paramref name="input"/>'s schema and returns the sampler.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The sampler.</returns>
    public ResamplingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.CheckSchema(input.Schema);
        return _transformer;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema =>
        {
            _transformer.CheckSchema(schema);
            return schema;
        });
    }
}
