namespace MLNet.NeuralExtensions.Engine;

/// <summary>Reads class-index targets.</summary>
internal static class ClassIndex
{
    /// <summary>Writes the one-hot vector of class <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value is not an integer in [0, classes).</exception>
    public static void OneHot(float value, Span<double> distribution)
    {
        int index = (int)value;
        if (index != value || index < 0 || index >= distribution.Length)
        {
            throw new ArgumentException($"A class-index target must be an integer in [0, {distribution.Length - 1}]; got {value}.");
        }

        distribution.Clear();
        distribution[index] = 1;
    }
}
