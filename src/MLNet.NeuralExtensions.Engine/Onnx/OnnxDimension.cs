namespace MLNet.NeuralExtensions.Engine.Onnx;

/// <summary>One axis of a graph input or output: a fixed size, or a name for a size chosen when the model runs
/// ("batch", "sequence").</summary>
internal readonly record struct OnnxDimension(long Size, string? Symbol)
{
    public static implicit operator OnnxDimension(long size) => new(size, null);

    public static implicit operator OnnxDimension(string symbol) => new(-1, symbol);
}
