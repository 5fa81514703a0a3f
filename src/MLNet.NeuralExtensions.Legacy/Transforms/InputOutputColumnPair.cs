namespace MLNet.NeuralExtensions;

/// <summary>A pair of output and input column names for the multi-column overloads of transforms.</summary>
public sealed class InputOutputColumnPair
{
    /// <summary>Creates a pair.</summary>
    /// <param name="outputColumnName">The column to produce.</param>
    /// <param name="inputColumnName">The column to read; <see langword="null"/> (the default) means the same as the output.</param>
    public InputOutputColumnPair(string outputColumnName, string? inputColumnName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName ?? outputColumnName;
    }

    /// <summary>Gets the output column name.</summary>
    public string OutputColumnName { get; }

    /// <summary>Gets the input column name.</summary>
    public string InputColumnName { get; }
}
