namespace MLNet.NeuralExtensions.ModelSearch.CodeGeneration;

/// <summary>A project made by <see cref="ConsoleAppGenerator"/>: its name and its files' text.</summary>
public sealed class GeneratedProject
{
    internal GeneratedProject(string name, IReadOnlyDictionary<string, string> files)
    {
        Name = name;
        Files = files;
    }

    /// <summary>Gets the project's name, which is also its folder's.</summary>
    public string Name { get; }

    /// <summary>Gets the files' text by path relative to the project's folder (Program.cs, the .csproj, and an empty
    /// Directory.Build.props and Directory.Packages.props that keep an enclosing repository's build settings and
    /// central package management out).</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>Writes the project into the folder <see cref="Name"/> of <paramref name="parentDirectory"/>: into a
    /// temporary folder first, which then replaces that folder, so a failed write leaves no half-written project.</summary>
    /// <param name="parentDirectory">The folder that holds the model file; created when missing.</param>
    /// <returns>The project's folder.</returns>
    public string Write(string parentDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(parentDirectory);
        string target = Path.GetFullPath(Path.Combine(parentDirectory, Name));
        string temporary = Path.GetFullPath(Path.Combine(parentDirectory, $".{Name}.{Guid.NewGuid():N}.tmp"));
        try
        {
            foreach ((string path, string text) in Files)
            {
                string file = Path.Combine(temporary, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(temporary, target);
            return target;
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }
}
