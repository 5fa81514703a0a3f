namespace MLNet.NeuralExtensions.Trainers;

/// <summary>What scores a trained network.</summary>
public enum ScoringBackend
{
    /// <summary>The faster of the two on the device in use. The default.</summary>
    Auto,

    /// <summary>The managed engine, always.</summary>
    Managed,

    /// <summary>ONNX Runtime, always; an exception when it cannot be used.</summary>
    OnnxRuntime,
}
