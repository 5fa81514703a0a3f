using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions;

/// <summary>
/// <c>mlContext.Transforms.ApplyOnnxModel</c>: scores any ONNX model inside a pipeline through ONNX Runtime, with
/// ML.NET's overloads. The columns are named as the model's inputs and outputs. A null <c>gpuDeviceId</c> takes
/// <see cref="MLContext.GpuDeviceId"/> (null: the CPU); with <c>fallbackToCpu</c> (or
/// <see cref="MLContext.FallbackToCpu"/>) an unusable GPU means the CPU and a warning on <see cref="MLContext.Log"/>,
/// without it an exception naming the missing CUDA provider library.
/// </summary>
public static class OnnxCatalog
{
    /// <summary>Scores the model file with every model input read from the column of its name and every output added.</summary>
    /// <exception cref="OnnxRuntimeException">ORT is missing, the file is not a valid ONNX model, or the GPU cannot be used.</exception>
    public static OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, string modelFile, int? gpuDeviceId = null, bool fallbackToCpu = false)
        => ApplyOnnxModel(catalog, new OnnxOptions { ModelFile = modelFile, GpuDeviceId = gpuDeviceId, FallbackToCpu = fallbackToCpu });

    /// <summary>Scores the model read from <paramref name="modelBytes"/> with all its inputs and outputs.</summary>
    /// <exception cref="OnnxRuntimeException">ORT is missing, the bytes are not a valid ONNX model, or the GPU cannot be used.</exception>
    public static OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, Stream modelBytes, int? gpuDeviceId = null, bool fallbackToCpu = false)
        => ApplyOnnxModel(catalog, new OnnxOptions { GpuDeviceId = gpuDeviceId, FallbackToCpu = fallbackToCpu }, modelBytes);

    /// <summary>Scores the model file, which has one input and one output used, named as the columns.</summary>
    public static OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, string outputColumnName, string inputColumnName, string modelFile,
        int? gpuDeviceId = null, bool fallbackToCpu = false)
        => ApplyOnnxModel(catalog, [outputColumnName], [inputColumnName], modelFile, null, gpuDeviceId, fallbackToCpu);

    /// <summary>Scores the model file with the named inputs (all of the model's) and outputs (any of them), and shapes
    /// for the axes the model leaves open.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnNames">Model outputs to add as columns.</param>
    /// <param name="inputColumnNames">Model inputs, each read from the column of its name.</param>
    /// <param name="modelFile">The ONNX model file.</param>
    /// <param name="shapeDictionary">Shapes replacing the model's own, by input or output name; default none.</param>
    /// <param name="gpuDeviceId">The CUDA device; default null (see the class remarks).</param>
    /// <param name="fallbackToCpu">Run on the CPU when the GPU cannot be used; default false.</param>
    /// <returns>The estimator.</returns>
    public static OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, string[] outputColumnNames, string[] inputColumnNames, string modelFile,
        IDictionary<string, int[]>? shapeDictionary = null, int? gpuDeviceId = null, bool fallbackToCpu = false)
        => ApplyOnnxModel(catalog, new OnnxOptions
        {
            ModelFile = modelFile,
            OutputColumns = outputColumnNames,
            InputColumns = inputColumnNames,
            ShapeDictionary = shapeDictionary,
            GpuDeviceId = gpuDeviceId,
            FallbackToCpu = fallbackToCpu,
        });

    /// <summary>Scores the model read from <paramref name="modelBytes"/> with the named inputs and outputs; see the file
    /// overload.</summary>
    public static OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, string[] outputColumnNames, string[] inputColumnNames, Stream modelBytes,
        IDictionary<string, int[]>? shapeDictionary = null, int? gpuDeviceId = null, bool fallbackToCpu = false)
        => ApplyOnnxModel(catalog, new OnnxOptions
        {
            OutputColumns = outputColumnNames,
            InputColumns = inputColumnNames,
            ShapeDictionary = shapeDictionary,
            GpuDeviceId = gpuDeviceId,
            FallbackToCpu = fallbackToCpu,
        }, modelBytes);

    /// <summary>Scores a model as <paramref name="options"/> describe it; <paramref name="modelBytes"/> replaces
    /// <see cref="OnnxOptions.ModelFile"/> when given.</summary>
    /// <exception cref="ArgumentException">Neither a file nor bytes are given, or a column names no model input or output.</exception>
    public static OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, OnnxOptions options, Stream? modelBytes = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        byte[] model;
        if (modelBytes is not null)
        {
            using var copy = new MemoryStream();
            modelBytes.CopyTo(copy);
            model = copy.ToArray();
        }
        else
        {
            model = File.ReadAllBytes(options.ModelFile ?? throw new ArgumentException("ApplyOnnxModel needs a model file or the model's bytes.", nameof(options)));
        }

        return new OnnxScoringEstimator(catalog.Context, options, model);
    }
}
