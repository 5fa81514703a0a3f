namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The layer types a model file may name. Reading a network resolves type names only through this table, so a file
/// can never make the reader instantiate anything else.
/// </summary>
internal static class LayerRegistry
{
    private static readonly Dictionary<string, Func<BinaryReader, Layer>> s_readers = new(StringComparer.Ordinal)
    {
        ["Dense"] = Dense.ReadConfig,
        ["Activation"] = Activation.ReadConfig,
        ["Dropout"] = Dropout.ReadConfig,
        ["GaussianNoise"] = GaussianNoise.ReadConfig,
        ["Reshape"] = Reshape.ReadConfig,
        ["Flatten"] = Flatten.ReadConfig,
        ["Conv1D"] = Conv1D.ReadConfig,
        ["Conv2D"] = Conv2D.ReadConfig,
        ["MaxPooling1D"] = MaxPooling1D.ReadConfig,
        ["MaxPooling2D"] = MaxPooling2D.ReadConfig,
        ["AveragePooling1D"] = AveragePooling1D.ReadConfig,
        ["AveragePooling2D"] = AveragePooling2D.ReadConfig,
        ["GlobalAveragePooling"] = GlobalAveragePooling.ReadConfig,
        ["GlobalMaxPooling"] = GlobalMaxPooling.ReadConfig,
        ["BatchNormalization"] = BatchNormalization.ReadConfig,
        ["LayerNormalization"] = LayerNormalization.ReadConfig,
        ["Embedding"] = Embedding.ReadConfig,
        ["SimpleRNN"] = SimpleRnn.ReadConfig,
        ["LSTM"] = Lstm.ReadConfig,
        ["GRU"] = Gru.ReadConfig,
        ["Bidirectional"] = Bidirectional.ReadConfig,
    };

    /// <summary>The type names a file may use.</summary>
    public static IEnumerable<string> TypeNames => s_readers.Keys;

    public static Layer Read(string typeName, BinaryReader reader)
        => s_readers.TryGetValue(typeName, out var read)
            ? read(reader)
            : throw new FormatException($"Unknown layer type '{typeName}'; this reader knows {string.Join(", ", s_readers.Keys)}.");
}
