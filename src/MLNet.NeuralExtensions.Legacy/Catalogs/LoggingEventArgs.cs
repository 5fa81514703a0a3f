namespace MLNet.NeuralExtensions;

/// <summary>A message logged by a component through <see cref="MLContext.Log"/>.</summary>
public sealed class LoggingEventArgs : EventArgs
{
    internal LoggingEventArgs(string source, string message, MessageKind kind)
    {
        Source = source;
        RawMessage = message;
        Kind = kind;
    }

    /// <summary>The severity of a message.</summary>
    public enum MessageKind
    {
        /// <summary>Progress and information.</summary>
        Info,

        /// <summary>Something the user should look at.</summary>
        Warning,

        /// <summary>A failure.</summary>
        Error,
    }

    /// <summary>Gets the component that wrote the message.</summary>
    public string Source { get; }

    /// <summary>Gets the message text.</summary>
    public string RawMessage { get; }

    /// <summary>Gets the severity.</summary>
    public MessageKind Kind { get; }

    /// <summary>Gets the message with its source and severity, as one line.</summary>
    public string Message => $"[Source={Source}, Kind={Kind}] {RawMessage}";
}
