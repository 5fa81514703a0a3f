namespace MLNet.NeuralExtensions.Onnx;

/// <summary>The element type of an ONNX tensor (the values of ONNX's TensorProto.DataType).</summary>
public enum OnnxElementType
{
    /// <summary>A type this package does not read or write.</summary>
    Unsupported = 0,

    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>Text (UTF-8 in ONNX Runtime), as .NET strings.</summary>
    String = 8,

    /// <summary>Boolean, one byte per element.</summary>
    Bool = 9,

    /// <summary>64-bit float.</summary>
    Double = 11,

    /// <summary>32-bit unsigned integer; key columns are their 1-based indices in this type.</summary>
    UInt32 = 12,
}
