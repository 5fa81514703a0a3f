namespace MLNet.NeuralExtensions.Onnx;

/// <summary>What scores a trained network.</summary>
public enum ScoringBackend
{
    /// <summary>ONNX Runtime when its native library loads and the network exports to ONNX, else the managed engine.
    /// The default.</summary>
    Auto,

    /// <summary>The managed engine, always.</summary>
    Managed,

    /// <summary>ONNX Runtime, always; an exception when it cannot be used.</summary>
    OnnxRuntime,
}
