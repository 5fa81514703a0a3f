using System.IO.Compression;
using System.Text;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Persistence;

/// <summary>Writes and reads the model zip: a format version, the input schema and the transformer tree.</summary>
internal static class ModelArchive
{
    private const string SchemaDirectory = "Schema";

    public static void Write(Stream stream, ITransformer? model, DataViewSchema? inputSchema)
    {
        model ??= new TransformerChain<ITransformer>();
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        ZipArchiveEntry version = archive.CreateEntry(ModelEntryFormat.VersionEntryName);
        using (var w = new StreamWriter(version.Open(), new UTF8Encoding(false)))
        {
            w.Write($"MLNet.NeuralExtensions model\nformat {ModelEntryFormat.FormatVersion}\n");
        }

        var schemaCtx = new ModelSaveContext(archive, SchemaDirectory);
        new InputSchemaEntry(inputSchema).Save(schemaCtx);
        schemaCtx.Done();
        var modelCtx = new ModelSaveContext(archive, ModelEntryFormat.RootDirectory);
        model.Save(modelCtx);
        modelCtx.Done();
    }

    public static ITransformer Read(Stream stream, string file, out DataViewSchema? inputSchema)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFileException($"Model file '{file}' is not a readable model archive; it is truncated, corrupted or not a model file ({e.Message}).", e);
        }

        using (archive)
        {
            CheckFormatVersion(archive, file);
            inputSchema = ((InputSchemaEntry)ModelLoadContext.LoadComponent(archive, SchemaDirectory, file)).Schema;
            object model = ModelLoadContext.LoadComponent(archive, ModelEntryFormat.RootDirectory, file);
            return model as ITransformer ?? throw new ModelFileException($"Model file '{file}', entry '{ModelEntryFormat.RootDirectory}': holds a {model.GetType().Name}, not a transformer.");
        }
    }

    private static void CheckFormatVersion(ZipArchive archive, string file)
    {
        ZipArchiveEntry entry = archive.GetEntry(ModelEntryFormat.VersionEntryName) ??
            throw new ModelFileException($"Model file '{file}': entry '{ModelEntryFormat.VersionEntryName}' is missing; this is not a model of this library.");
        string text;
        try
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            text = reader.ReadToEnd();
        }
        catch (InvalidDataException e)
        {
            throw new ModelFileException($"Model file '{file}', entry '{ModelEntryFormat.VersionEntryName}': cannot be read ({e.Message}).", e);
        }

        string[] lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != "MLNet.NeuralExtensions model" || !lines[1].StartsWith("format ", StringComparison.Ordinal) ||
            !int.TryParse(lines[1].AsSpan(7), out int format))
        {
            throw new ModelFileException($"Model file '{file}', entry '{ModelEntryFormat.VersionEntryName}': unrecognized content; this is not a model of this library.");
        }

        if (format > ModelEntryFormat.FormatVersion)
        {
            throw new ModelFileException($"Model file '{file}', entry '{ModelEntryFormat.VersionEntryName}': written in file format {format}, newer than the format {ModelEntryFormat.FormatVersion} this library reads. Update MLNet.NeuralExtensions.");
        }
    }
}
