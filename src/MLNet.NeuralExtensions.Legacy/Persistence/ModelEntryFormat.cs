namespace MLNet.NeuralExtensions.Persistence;

/// <summary>Constants of the model file layout.</summary>
internal static class ModelEntryFormat
{
    /// <summary>The name of the entry holding a component's data, inside the component's directory.</summary>
    public const string ModelEntryName = "Model.bin";

    /// <summary>The directory of the root transformer.</summary>
    public const string RootDirectory = "Model";

    /// <summary>The entry holding the input schema.</summary>
    public const string SchemaEntryName = "Schema.bin";

    /// <summary>The entry holding the file format version, as text.</summary>
    public const string VersionEntryName = "Version.txt";

    /// <summary>The file format version written by this library.</summary>
    public const int FormatVersion = 1;

    /// <summary>The first bytes of every component entry.</summary>
    public static readonly byte[] Magic = "MLNXMODL"u8.ToArray();
}
