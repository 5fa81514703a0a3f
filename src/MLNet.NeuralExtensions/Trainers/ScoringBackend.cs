namespace MLNet.NeuralExtensions.Trainers;

/// <summary>What scores a trained network: the managed engine that trained it, or ONNX Runtime.</summary>
/// <remarks>
/// Both give the same outputs to within 1e-4. ONNX Runtime needs its native library, which the application adds as it
/// does for ML.NET's OnnxTransformer: the <c>Microsoft.ML.OnnxRuntime</c> package for the CPU or
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> for CUDA. The device follows <c>MLContext.GpuDeviceId</c> and
/// <c>MLContext.FallbackToCpu</c> unless the trainer's options set them.
/// </remarks>
public enum ScoringBackend
{
    /// <summary>The default: ONNX Runtime on the CUDA device when one is asked for; on the CPU, the backend measured
    /// fastest for the network.</summary>
    Auto,

    /// <summary>The managed engine, on the CPU, even when a GPU device is set.</summary>
    Managed,

    /// <summary>ONNX Runtime, on the GPU device when one is asked for and else on the CPU; an exception when its native
    /// library is missing or a layer has no ONNX form.</summary>
    OnnxRuntime,
}
