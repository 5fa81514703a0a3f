using System.Buffers.Binary;

namespace MLNet.NeuralExtensions.Tests.Infrastructure;

/// <summary>Checks of the pictures the package writes.</summary>
internal static class Pictures
{
    /// <summary>Asserts that <paramref name="path"/> is a PNG of <paramref name="width"/> × <paramref name="height"/>
    /// pixels (its IHDR chunk's size) and returns its bytes.</summary>
    public static byte[] AssertPng(string path, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4], path);
        Assert.AreEqual(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), "IHDR width");
        Assert.AreEqual(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), "IHDR height");
        return bytes;
    }
}
