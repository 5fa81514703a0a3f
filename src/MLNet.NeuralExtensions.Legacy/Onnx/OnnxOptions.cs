namespace MLNet.NeuralExtensions.Onnx;

/// <summary>Everything <c>mlContext.Transforms.ApplyOnnxModel</c> takes, as ML.NET's OnnxOptions.</summary>
public sealed class OnnxOptions
{
    /// <summary>The ONNX model file; required unless the model is given as a stream.</summary>
    public string? ModelFile { get; set; }

    /// <summary>The columns fed to the model, named as the model's inputs; null (the default) means all of the model's
    /// inputs.</summary>
    public string[]? InputColumns { get; set; }

    /// <summary>The model outputs to add as columns, by name; null (the default) means all of them.</summary>
    public string[]? OutputColumns { get; set; }

    /// <summary>The CUDA device to run on; null (the default) takes <see cref="MLContext.GpuDeviceId"/>, itself null for
    /// the CPU.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Whether to run on the CPU, with a warning on <see cref="MLContext.Log"/>, when the GPU cannot be used;
    /// default false (or <see cref="MLContext.FallbackToCpu"/> when that is set).</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>Shapes that replace the model's own for the named inputs and outputs, for axes the model leaves open
    /// (same rank, −1 for an axis that stays open); default none.</summary>
    public IDictionary<string, int[]>? ShapeDictionary { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one operator; null (the default) lets ORT choose.</summary>
    public int? IntraOpNumThreads { get; set; }

    /// <summary>Threads ONNX Runtime uses across operators; null (the default) lets ORT choose.</summary>
    public int? InterOpNumThreads { get; set; }
}
