using Microsoft.ML.OnnxRuntime;

namespace MLNet.NeuralExtensions.Scoring;

/// <summary>Whether ONNX Runtime's native library is there (the application adds it with a package, as for ML.NET's
/// OnnxTransformer), and the names its messages give.</summary>
internal static class OnnxRuntimeLibrary
{
    /// <summary>The package with ONNX Runtime's native library for the CPU.</summary>
    public const string CpuPackage = "Microsoft.ML.OnnxRuntime";

    /// <summary>The package with ONNX Runtime's native library and its CUDA execution provider.</summary>
    public const string GpuPackage = "Microsoft.ML.OnnxRuntime.Gpu";

    /// <summary>ONNX Runtime's name for its CPU execution provider.</summary>
    public const string CpuProvider = "CPUExecutionProvider";

    /// <summary>ONNX Runtime's name for its CUDA execution provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    private static readonly Lazy<string?> s_loadError = new(Probe);

    /// <summary>Why the native library cannot be used, or null when it loads.</summary>
    public static string? LoadError => s_loadError.Value;

    /// <summary>The execution providers the loaded native library was built with.</summary>
    public static IReadOnlyList<string> Providers => OrtEnv.Instance().GetAvailableProviders();

    private static string? Probe()
    {
        try
        {
            _ = OrtEnv.Instance();
            return null;
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            Exception cause = ex;
            while (cause.InnerException is not null)
            {
                cause = cause.InnerException;
            }

            return cause.Message;
        }
    }
}
