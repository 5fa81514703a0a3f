namespace MLNet.NeuralExtensions.Onnx;

/// <summary>An input or output of an ONNX model as the model declares it.</summary>
/// <param name="Name">The value's name in the graph.</param>
/// <param name="ElementType">The element type (<see cref="OnnxElementType.Unsupported"/> for strings, maps, sequences
/// and other types this package does not exchange).</param>
/// <param name="Dimensions">The size of each axis; −1 where the model leaves it open (a batch or sequence axis).</param>
/// <param name="SymbolicDimensions">Each axis's symbolic name ("batch", "sequence"), or "" for a fixed or unnamed
/// one.</param>
public sealed record OnnxTensorInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Dimensions, IReadOnlyList<string> SymbolicDimensions)
{
    /// <summary>The shape as text, open axes by name or "?", e.g. [batch×784].</summary>
    public string ShapeText => "[" + string.Join("×", Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?")) + "]";
}
