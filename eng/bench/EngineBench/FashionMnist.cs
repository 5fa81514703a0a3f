using System.Buffers.Binary;
using System.IO.Compression;

namespace EngineBench;

/// <summary>Reads the Fashion-MNIST idx files (gzip), pixels scaled to [0, 1].</summary>
internal static class FashionMnist
{
    public static string Directory()
    {
        string? configured = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR");
        string[] candidates = [configured ?? "", Path.Combine("..", "shared", "datasets", "fashion-mnist"), "/usr/share/datasets/fashion-mnist"];
        return candidates.FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "train-labels-idx1-ubyte.gz")))
            ?? throw new FileNotFoundException("Fashion-MNIST not found: set FASHION_MNIST_DIR or install Debian's dataset-fashion-mnist.");
    }

    public static (float[] Images, float[] Labels, int Count) Load(string directory, string split)
    {
        byte[] images = ReadGzip(Path.Combine(directory, $"{split}-images-idx3-ubyte.gz"));
        byte[] labels = ReadGzip(Path.Combine(directory, $"{split}-labels-idx1-ubyte.gz"));
        int count = BinaryPrimitives.ReadInt32BigEndian(labels.AsSpan(4));
        var pixels = new float[count * 784];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = images[16 + i] / 255f;
        }

        return (pixels, labels.Skip(8).Take(count).Select(b => (float)b).ToArray(), count);
    }

    private static byte[] ReadGzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
