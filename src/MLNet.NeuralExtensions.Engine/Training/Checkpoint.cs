namespace MLNet.NeuralExtensions.Engine;

/// <summary>Writes a network to a file atomically: a temporary file next to it is written completely, then moved over
/// the target, so a crash never leaves a half-written checkpoint.</summary>
internal static class Checkpoint
{
    public static void Write(Sequential network, string path) => AtomicFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        network.Save(writer);
    });

    public static Sequential Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        return NetworkFormat.Load(reader);
    }
}
