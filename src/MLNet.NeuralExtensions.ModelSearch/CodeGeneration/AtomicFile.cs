namespace MLNet.NeuralExtensions.ModelSearch.CodeGeneration;

/// <summary>Writes a file through a temporary file beside it that is then moved over it, so a failed write leaves no
/// half-written file.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
