using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Trains an autoencoder on a feature column and makes the <see cref="AutoencoderEncodingTransformer"/> that
/// outputs each row's code, the bottleneck's values. The options' <see cref="AutoencoderOptions.FeatureColumnName"/> is
/// the input column; their contamination and threshold only set the model's <see cref="AutoencoderModelParameters.TrainingThreshold"/>.
/// Made by <c>mlContext.Transforms.AutoencoderEncode</c>.</summary>
public sealed class AutoencoderEncodingEstimator : IEstimator<AutoencoderEncodingTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly IHost _host;

    internal AutoencoderEncodingEstimator(IHostEnvironment env, string outputColumnName, AutoencoderOptions options)
    {
        Contracts.CheckValue(env, nameof(env));
        _environment = env;
        _host = env.Register("AutoencoderEncode");
        _host.CheckNonEmpty(outputColumnName, nameof(outputColumnName));
        _host.CheckValue(options, nameof(options));
        options.Validate();
        OutputColumnName = outputColumnName;
        Options = options;
    }

    /// <summary>Gets the code column's name.</summary>
    public string OutputColumnName { get; }

    /// <summary>Gets the options the autoencoder trains with.</summary>
    public AutoencoderOptions Options { get; }

    /// <summary>Trains the autoencoder on <paramref name="input"/>'s feature column.</summary>
    /// <param name="input">The training rows.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector of Single;
    /// the message names it.</exception>
    /// <exception cref="InvalidDataException">A feature is NaN or infinite; the message names the column, row and slot.</exception>
    public AutoencoderEncodingTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        AutoencoderModelParameters model = AutoencoderFitting.Fit(_environment, _host, Options, input, validation: null);
        return new AutoencoderEncodingTransformer(_environment, model, OutputColumnName, Options.FeatureColumnName);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _host.CheckValue(inputSchema, nameof(inputSchema));
        string input = Options.FeatureColumnName;
        if (!inputSchema.TryFindColumn(input, out SchemaShape.Column column))
        {
            throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", input);
        }

        if (column.Kind != SchemaShape.Column.VectorKind.Vector || !column.ItemType.Equals(NumberDataViewType.Single))
        {
            throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", input, "known-size vector of Single", column.GetTypeString());
        }

        Dictionary<string, SchemaShape.Column> columns = inputSchema.ToDictionary(c => c.Name);
        columns[OutputColumnName] = new SchemaShape.Column(OutputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        return new SchemaShape(columns.Values);
    }
}
