namespace MLNet.NeuralExtensions.Engine;

/// <summary>Grow-only work arrays for kernels and layers, so that repeated passes allocate nothing.</summary>
internal static class Scratch
{
    /// <summary>Returns <paramref name="buffer"/>, replaced by a new uninitialized array when it holds fewer than
    /// <paramref name="length"/> elements.</summary>
    public static T[] Ensure<T>(ref T[]? buffer, int length, bool pinned = false)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(length, pinned);
        }

        return buffer;
    }
}
