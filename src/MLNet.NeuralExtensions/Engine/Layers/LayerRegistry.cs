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
    };

    public static Layer Read(string typeName, BinaryReader reader)
        => s_readers.TryGetValue(typeName, out var read)
            ? read(reader)
            : throw new FormatException($"Unknown layer type '{typeName}'; this reader knows {string.Join(", ", s_readers.Keys)}.");
}
