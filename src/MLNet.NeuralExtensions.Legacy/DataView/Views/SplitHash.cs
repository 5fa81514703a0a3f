namespace MLNet.NeuralExtensions.DataView;

/// <summary>Deterministic, seeded hashing to uniform numbers in [0, 1), the same on every machine and run.</summary>
internal static class SplitHash
{
    public static double Uniform(int seed, ulong value)
    {
        ulong z = value + (0x9E3779B97F4A7C15UL * (ulong)(uint)seed) + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>FNV-1a over the characters; string.GetHashCode is randomized per process and cannot be used.</summary>
    public static ulong Text(ReadOnlySpan<char> text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}
