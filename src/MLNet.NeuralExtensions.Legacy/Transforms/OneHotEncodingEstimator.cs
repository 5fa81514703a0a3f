using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Learns a value-to-key dictionary per column and encodes the keys as one-hot (or bag, binary or key) output;
/// created by <c>mlContext.Transforms.Categorical.OneHotEncoding</c>.
/// </summary>
public sealed class OneHotEncodingEstimator : IEstimator<OneHotEncodingTransformer>
{
    private readonly ValueToKeyMappingEstimator _toKey;
    private readonly InputOutputColumnPair[] _columns;
    private readonly OutputKind _outputKind;

    internal OneHotEncodingEstimator(InputOutputColumnPair[] columns, OutputKind outputKind, int maximumNumberOfKeys, ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality, IDataView? keyData)
    {
        if (!Enum.IsDefined(outputKind))
        {
            throw new ArgumentOutOfRangeException(nameof(outputKind), outputKind, "Unknown output kind.");
        }

        _columns = columns;
        _outputKind = outputKind;
        _toKey = new ValueToKeyMappingEstimator(columns, maximumNumberOfKeys, keyOrdinality, false, keyData);
    }

    /// <summary>The form of the encoded output.</summary>
    public enum OutputKind : byte
    {
        /// <summary>Counts of each category over a vector input: one vector of the key count.</summary>
        Bag = 1,

        /// <summary>One-hot indicators: a vector of the key count per input item (the default).</summary>
        Indicator = 2,

        /// <summary>The key itself.</summary>
        Key = 3,

        /// <summary>The binary digits of the key, most significant first.</summary>
        Binary = 4,
    }

    /// <summary>Learns the dictionaries and returns the encoder.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted encoder.</returns>
    public OneHotEncodingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValueToKeyMappingTransformer toKey = _toKey.Fit(input);
        return new OneHotEncodingTransformer(toKey, Encoder());
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShape keys = _toKey.GetOutputSchema(inputSchema);
        KeyToVectorMappingTransformer? encoder = Encoder();
        return encoder is null ? keys : SchemaShapeBridge.Propagate(keys, encoder.GetOutputSchema);
    }

    private KeyToVectorMappingTransformer? Encoder() => _outputKind == OutputKind.Key
        ? null
        : new KeyToVectorMappingTransformer(_columns.Select(c => new InputOutputColumnPair(c.OutputColumnName)).ToArray(), _outputKind);
}
