namespace MLNet.NeuralExtensions.Onnx;

/// <summary>How an <see cref="OnnxScorer"/> runs its model: execution provider and threads.</summary>
public sealed class OnnxScorerOptions
{
    /// <summary>The CUDA device to run on, or null (the default) for the CPU. As ML.NET's OnnxTransformer: when set, the
    /// CUDA execution provider must load, or <see cref="FallbackToCpu"/> decides.</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>When the CUDA provider cannot be used, run on the CPU and report a warning through <see cref="Log"/>
    /// instead of throwing. Default false.</summary>
    public bool FallbackToCpu { get; init; }

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 (the default) lets ORT choose (one per physical
    /// core).</summary>
    public int IntraOpNumThreads { get; init; }

    /// <summary>Threads ONNX Runtime uses to run independent operators at once; 0 (the default) lets ORT choose.</summary>
    public int InterOpNumThreads { get; init; }

    /// <summary>Receives warnings, such as a fallback from CUDA to the CPU; default none.</summary>
    public Action<string>? Log { get; init; }
}
