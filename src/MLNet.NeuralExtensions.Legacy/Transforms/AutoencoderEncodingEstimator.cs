using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Trains an autoencoder on a feature column and creates the <see cref="AutoencoderEncodingTransformer"/> that
/// outputs its code. Created by <c>mlContext.Transforms.AutoencoderEncode</c>.</summary>
public sealed class AutoencoderEncodingEstimator : IEstimator<AutoencoderEncodingTransformer>
{
    private readonly MLContext _context;
    private readonly string _outputColumnName;
    private readonly AutoencoderOptions _options;

    internal AutoencoderEncodingEstimator(MLContext context, string outputColumnName, AutoencoderOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _outputColumnName = outputColumnName;
        _options = options;
    }

    /// <summary>Trains the autoencoder on <paramref name="input"/>'s feature column.</summary>
    /// <param name="input">Training data.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector of Single.</exception>
    /// <exception cref="InvalidDataException">A feature is not finite, or there are no rows.</exception>
    public AutoencoderEncodingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (model, _) = AutoencoderFitting.Fit(_context, _options, input, nameof(AutoencoderEncodingEstimator));
        return new AutoencoderEncodingTransformer(model, _outputColumnName, _options.FeatureColumnName);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema =>
        {
            AutoencoderFitting.RequireFeatures(schema, _options);
            return SchemaShapeBridge.Append(schema, (_outputColumnName, new VectorDataViewType(NumberDataViewType.Single, _options.EncoderLayers[^1])));
        });
    }
}
