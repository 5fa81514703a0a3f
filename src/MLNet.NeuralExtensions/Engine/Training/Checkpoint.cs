namespace MLNet.NeuralExtensions.Engine;

/// <summary>Writes a network to a file atomically: a temporary file next to it is written completely, then moved over
/// the target, so a crash never leaves a half-written checkpoint.</summary>
internal static class Checkpoint
{
    public static void Write(Sequential network, string path)
    {
        string temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream))
            {
                network.Save(writer);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static Sequential Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        return Sequential.Load(reader);
    }
}
