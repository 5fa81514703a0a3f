namespace MLNet.NeuralExtensions.Onnx;

/// <summary>ONNX Runtime could not be loaded, or it refused a model, an input or an option; the message carries ORT's
/// own explanation.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and why.</param>
    /// <param name="errorCode">ORT's error code name (e.g. "InvalidArgument"), or null when ORT itself is missing.</param>
    public OnnxRuntimeException(string message, string? errorCode)
        : base(message) => ErrorCode = errorCode;

    /// <summary>ORT's error code (e.g. "InvalidArgument", "InvalidProtobuf", "NoSuchFile"), or null when the failure
    /// happened before ORT was reached.</summary>
    public string? ErrorCode { get; }
}
