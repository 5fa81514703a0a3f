namespace MLNet.NeuralExtensions.Trainers;

/// <summary>What scores a trained network: the managed engine that trained it, or ONNX Runtime.</summary>
/// <remarks>
/// Both give the same outputs to within 1e-4. ONNX Runtime needs its native library, which the application adds as it
/// does for ML.NET's OnnxTransformer: the <c>Microsoft.ML.OnnxRuntime</c> package for the CPU or
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> for CUDA. The device follows <c>MLContext.GpuDeviceId</c> and
/// <c>MLContext.FallbackToCpu</c> unless the trainer's options set them. Where the CUDA execution provider is missing or
/// cannot start, <c>FallbackToCpu</c> scores on the CPU with one warning on the MLContext's log; without it the
/// exception names the provider and the package to add.
/// </remarks>
public enum ScoringBackend
{
    /// <summary>The default. ONNX Runtime on the CUDA device when one is asked for. On the CPU, the managed engine for
    /// networks without convolution or recurrent layers, and ONNX Runtime for the others (the managed engine when ONNX
    /// Runtime's native library is absent or a layer has no ONNX form).</summary>
    /// <remarks>
    /// ML.NET scores one row at a time, so the rule follows the cost of one example, measured on 2 cores (AMD EPYC,
    /// .NET 10, ONNX Runtime 1.31, its default threads), µs per example managed / ONNX Runtime: a 30-100-1 MLP 0.42 /
    /// 2.30, a 1×28×28 CNN (conv 32, pool, conv 64, pool, dense 128, 10) 156–257 / 68–83, an LSTM (28 steps × 28,
    /// 64 units, dense 10) 107–193 / 45–76. ONNX Runtime's fixed cost of about 2 µs a call is five times the MLP's whole
    /// pass, while its convolution and recurrent kernels beat the engine's. In batches of 1,024 ONNX Runtime was the
    /// faster for all three (MLP 8.0–12.4 against 0.8–3.0 million rows/s): a caller that scores a dense network in
    /// large batches gets more throughput from <see cref="OnnxRuntime"/>.
    /// </remarks>
    Auto,

    /// <summary>The managed engine, on the CPU, even when a GPU device is set.</summary>
    Managed,

    /// <summary>ONNX Runtime, on the GPU device when one is asked for and else on the CPU; an exception when its native
    /// library is missing or a layer has no ONNX form.</summary>
    OnnxRuntime,
}
