using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// A class-imbalance sampler before fitting, made by the <c>mlContext.Transforms</c> over- and under-sampling methods
/// (<see cref="SamplingCatalog"/>). Nothing is learned: <see cref="Fit"/> checks the label and feature columns and
/// returns the <see cref="ResamplingTransformer"/>, and the resampling itself happens as the rest of the estimator
/// chain is fitted.
/// </summary>
public sealed class ResamplingEstimator : IEstimator<ResamplingTransformer>
{
    private readonly IHost _host;
    private readonly ResamplingTransformer _transformer;

    internal ResamplingEstimator(IHostEnvironment env, ResamplingTransformer transformer)
    {
        _host = Contracts.CheckRef(env, nameof(env)).Register(nameof(ResamplingEstimator));
        _transformer = transformer;
    }

    /// <summary>Checks <paramref name="input"/>'s schema and returns the sampler.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The sampler.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The label or feature column is missing or of the wrong type; the
    /// message names it.</exception>
    public ResamplingTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        _transformer.CheckSchema(SchemaShape.Create(input.Schema), nameof(input));
        return _transformer;
    }

    /// <summary>Checks the label and feature columns of <paramref name="inputSchema"/> and returns it: a sampler adds no
    /// column.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The same schema.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _host.CheckValue(inputSchema, nameof(inputSchema));
        _transformer.CheckSchema(inputSchema, nameof(inputSchema));
        return inputSchema;
    }
}
