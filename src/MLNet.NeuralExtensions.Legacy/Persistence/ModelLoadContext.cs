using System.IO.Compression;
using System.Text;

namespace MLNet.NeuralExtensions.Persistence;

/// <summary>Reads one component back from a model file; the counterpart of <see cref="ModelSaveContext"/>.</summary>
internal sealed class ModelLoadContext
{
    private readonly ZipArchive _archive;
    private readonly string _file;

    private ModelLoadContext(ZipArchive archive, string directory, string file, BinaryReader reader, int versionWritten)
    {
        _archive = archive;
        Directory = directory;
        _file = file;
        Reader = reader;
        VersionWritten = versionWritten;
    }

    /// <summary>Gets the reader of the component's own data.</summary>
    public BinaryReader Reader { get; }

    /// <summary>Gets the layout version the component was written with.</summary>
    public int VersionWritten { get; }

    /// <summary>Gets the component's directory inside the archive.</summary>
    public string Directory { get; }

    /// <summary>Loads the component stored in <paramref name="directory"/>, through the registry only.</summary>
    public static object LoadComponent(ZipArchive archive, string directory, string file)
    {
        string entryName = $"{directory}/{ModelEntryFormat.ModelEntryName}";
        ZipArchiveEntry entry = archive.GetEntry(entryName) ?? throw Fail(file, entryName, "the entry is missing.");
        byte[] payload;
        string signature;
        int written, readable;
        try
        {
            using var r = new BinaryReader(entry.Open(), Encoding.UTF8);
            if (!r.ReadBytes(ModelEntryFormat.Magic.Length).AsSpan().SequenceEqual(ModelEntryFormat.Magic))
            {
                throw Fail(file, entryName, "it does not start with the component header; the file is corrupted or not a model of this library.");
            }

            signature = r.ReadString();
            written = r.ReadInt32();
            readable = r.ReadInt32();
            long length = r.ReadInt64();
            if (length < 0 || length > entry.Length)
            {
                throw Fail(file, entryName, $"it declares {length} bytes of data, which the entry cannot hold; the file is corrupted.");
            }

            payload = r.ReadBytes((int)length);
            if (payload.Length != length)
            {
                throw Fail(file, entryName, $"it ends after {payload.Length} of {length} bytes; the file is truncated.");
            }

            if (r.ReadUInt32() != Crc32.Compute(payload))
            {
                throw Fail(file, entryName, "its checksum does not match its data; the file is corrupted.");
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException && e is not ModelFileException)
        {
            throw Fail(file, entryName, $"it cannot be read ({e.Message}); the file is truncated or corrupted.", e);
        }

        ComponentRegistry.Entry component = ComponentRegistry.Find(signature) ??
            throw Fail(file, entryName, $"it holds a component '{signature}' that is not in this library's registry; only registered components are loaded.");
        if (readable > component.CurrentVersion)
        {
            throw Fail(file, entryName, $"component '{signature}' was written in layout version {written}, which needs a reader of version {readable}; this library reads up to {component.CurrentVersion}. Update MLNet.NeuralExtensions.");
        }

        if (written < component.OldestReadableVersion)
        {
            throw Fail(file, entryName, $"component '{signature}' was written in layout version {written}, older than the oldest this library reads ({component.OldestReadableVersion}).");
        }

        using var payloadReader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        var ctx = new ModelLoadContext(archive, directory, file, payloadReader, written);
        object result;
        try
        {
            result = component.Load(ctx);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or InvalidOperationException && e is not ModelFileException)
        {
            throw Fail(file, entryName, $"component '{signature}' could not be read: {e.Message}", e);
        }

        if (payloadReader.BaseStream.Position != payload.Length)
        {
            throw Fail(file, entryName, $"component '{signature}' left {payload.Length - payloadReader.BaseStream.Position} bytes unread; the file does not match its declared layout.");
        }

        return result;
    }

    /// <summary>Loads a contained component from the sub-entry <paramref name="name"/>.</summary>
    public T LoadModel<T>(string name)
        where T : class
    {
        object model = LoadComponent(_archive, $"{Directory}/{name}", _file);
        return model as T ?? throw Error($"sub-entry '{name}' holds a {model.GetType().Name}, where a {typeof(T).Name} was expected.");
    }

    /// <summary>Reads a whole binary blob written by <see cref="ModelSaveContext.SaveBinaryStream"/>.</summary>
    public byte[] LoadBinaryStream(string name)
    {
        string entryName = $"{Directory}/{name}";
        ZipArchiveEntry entry = _archive.GetEntry(entryName) ?? throw Fail(_file, entryName, "the entry is missing.");
        using Stream s = entry.Open();
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Checks a count read from the file before it sizes an allocation.</summary>
    public void CheckCount(int count, string what)
    {
        if (count < 0 || count > Reader.BaseStream.Length)
        {
            throw Error($"it declares {count} {what}, which its data cannot hold.");
        }
    }

    /// <summary>Creates an exception naming this component's entry.</summary>
    public ModelFileException Error(string message) => Fail(_file, $"{Directory}/{ModelEntryFormat.ModelEntryName}", message);

    private static ModelFileException Fail(string file, string entry, string message, Exception? inner = null) =>
        new($"Model file '{file}', entry '{entry}': {message}", inner);
}
