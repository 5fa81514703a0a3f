namespace MLNet.NeuralExtensions.Persistence;

/// <summary>A model file cannot be loaded: it is truncated, corrupted, too new, or holds an unknown component. The message names the entry.</summary>
public sealed class ModelFileException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ModelFileException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the file and entry.</param>
    public ModelFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong, naming the file and entry.</param>
    /// <param name="innerException">The underlying error.</param>
    public ModelFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
