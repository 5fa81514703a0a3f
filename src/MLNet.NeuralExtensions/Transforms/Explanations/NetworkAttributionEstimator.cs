using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Adds a trained network's attributions to a feature column; nothing is learned, so fitting only checks the
/// schema and returns the <see cref="NetworkAttributionTransformer"/>. Made by <c>mlContext.Transforms.ExplainBySaliency</c>,
/// <c>ExplainByIntegratedGradients</c>, <c>ExplainBySmoothGrad</c> and <c>ExplainByGradCam</c>.</summary>
public sealed class NetworkAttributionEstimator : IEstimator<NetworkAttributionTransformer>
{
    private readonly IHost _host;
    private readonly NetworkAttributionTransformer _transformer;

    internal NetworkAttributionEstimator(IHostEnvironment env, NetworkAttributionTransformer transformer)
    {
        _host = env.Register(nameof(NetworkAttributionEstimator));
        _transformer = transformer;
    }

    /// <summary>Checks that <paramref name="input"/> has the model's feature column and returns the transformer.</summary>
    /// <param name="input">Data with the feature column.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not of the model's size; the message
    /// names it.</exception>
    public NetworkAttributionTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => AttributionSchema.Output(_host, inputSchema, _transformer.InputColumnName, _transformer.OutputColumnName, _transformer.KeepsSlotNames);
}
