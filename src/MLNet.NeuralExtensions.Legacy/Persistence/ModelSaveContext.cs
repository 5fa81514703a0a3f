using System.IO.Compression;
using System.Text;

namespace MLNet.NeuralExtensions.Persistence;

/// <summary>
/// Where one component writes itself inside a model file: a binary stream, plus sub-entries for the
/// components it contains.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The buffer is released by Done(), which ends every save.")]
public sealed class ModelSaveContext
{
    private readonly ZipArchive _archive;
    private readonly string _directory;
    private readonly MemoryStream _payload = new();
    private string? _loaderSignature;
    private int _versionWritten;
    private int _versionReadable;

    internal ModelSaveContext(ZipArchive archive, string directory)
    {
        _archive = archive;
        _directory = directory;
        Writer = new BinaryWriter(_payload, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Gets the writer of the component's own data.</summary>
    internal BinaryWriter Writer { get; }

    /// <summary>Names the component's loader and the versions of its data layout.</summary>
    /// <param name="loaderSignature">The registry name that loads it back.</param>
    /// <param name="versionWritten">The layout version written now.</param>
    /// <param name="versionReadable">The oldest reader layout version that can read what is written.</param>
    internal void SetVersionInfo(string loaderSignature, int versionWritten, int versionReadable)
    {
        _loaderSignature = loaderSignature;
        _versionWritten = versionWritten;
        _versionReadable = versionReadable;
    }

    /// <summary>Writes a contained component into the sub-entry <paramref name="name"/>.</summary>
    internal void SaveModel(string name, ICanSaveModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var child = new ModelSaveContext(_archive, $"{_directory}/{name}");
        model.Save(child);
        child.Done();
    }

    /// <summary>Writes a whole binary blob (for example ONNX bytes) into the sub-entry <paramref name="name"/>.</summary>
    internal void SaveBinaryStream(string name, Action<Stream> write)
    {
        ZipArchiveEntry entry = _archive.CreateEntry($"{_directory}/{name}", CompressionLevel.Fastest);
        using Stream s = entry.Open();
        write(s);
    }

    /// <summary>Writes the entry: header, the component's data and its checksum.</summary>
    internal void Done()
    {
        if (_loaderSignature is null)
        {
            throw new InvalidOperationException($"The component saved at '{_directory}' did not name its loader (SetVersionInfo).");
        }

        Writer.Flush();
        ZipArchiveEntry entry = _archive.CreateEntry($"{_directory}/{ModelEntryFormat.ModelEntryName}", CompressionLevel.Fastest);
        using var w = new BinaryWriter(entry.Open(), Encoding.UTF8);
        ReadOnlySpan<byte> payload = _payload.GetBuffer().AsSpan(0, (int)_payload.Length);
        w.Write(ModelEntryFormat.Magic);
        w.Write(_loaderSignature);
        w.Write(_versionWritten);
        w.Write(_versionReadable);
        w.Write((long)payload.Length);
        w.Write(payload);
        w.Write(Crc32.Compute(payload));
        Writer.Dispose();
        _payload.Dispose();
    }
}
