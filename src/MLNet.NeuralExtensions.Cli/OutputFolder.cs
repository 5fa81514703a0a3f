namespace MLNet.NeuralExtensions.Cli;

/// <summary>
/// The --output folder as one run writes it: created when first written to, each entry recorded before it is written,
/// and, unless <see cref="Commit"/> is called, every recorded entry (and the folder, when this run created it) removed
/// on <see cref="Dispose"/>, so a failed run leaves no half-written output.
/// </summary>
internal sealed class OutputFolder(string path) : IDisposable
{
    private readonly bool _existed = Directory.Exists(path);
    private readonly List<string> _written = [];
    private bool _committed;

    /// <summary>Records <paramref name="names"/> (files or folders of the output folder) as this run's, then runs
    /// <paramref name="write"/>, which writes them.</summary>
    public void Write(IReadOnlyList<string> names, Action write)
    {
        Directory.CreateDirectory(path);
        _written.AddRange(names.Select(n => Path.Combine(path, n)));
        write();
    }

    /// <summary>Keeps what was written.</summary>
    public void Commit() => _committed = true;

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }
        foreach (string entry in _written)
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            File.Delete(entry);
        }
        if (!_existed && Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
        {
            Directory.Delete(path);
        }
    }
}
