namespace MLNet.NeuralExtensions.Onnx;

/// <summary>A dense tensor exchanged with an ONNX model: its elements in row-major order and its shape.</summary>
public sealed class OnnxTensor
{
    private OnnxTensor(Array data, OnnxElementType elementType, long[] shape)
    {
        Data = data;
        ElementType = elementType;
        Shape = shape;
    }

    /// <summary>The element type.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The size of each axis.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The elements, row-major: a float[], double[], int[], long[], bool[], uint[] or string[].</summary>
    public Array Data { get; }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of <paramref name="shape"/>.</summary>
    /// <typeparam name="T">float, double, int, long or bool.</typeparam>
    /// <exception cref="ArgumentException">The element type is not one of those, a dimension is negative, or the shape's
    /// size is not the data's length.</exception>
    public static OnnxTensor Create<T>(T[] data, params long[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        OnnxElementType type = ElementTypeOf(typeof(T));
        if (shape.Any(d => d < 0) || shape.Aggregate(1L, (a, d) => a * d) != data.Length)
        {
            throw new ArgumentException($"A tensor of shape [{string.Join("×", shape)}] needs {shape.Aggregate(1L, (a, d) => a * Math.Max(d, 0))} elements; got {data.Length}.", nameof(shape));
        }

        return new OnnxTensor(data, type, [.. shape]);
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of text of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">An element is null, a dimension is negative, or the shape's size is not the data's length.</exception>
    public static OnnxTensor CreateText(string[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0) || shape.Aggregate(1L, (a, d) => a * d) != data.Length || data.Any(s => s is null))
        {
            throw new ArgumentException($"A text tensor of shape [{string.Join("×", shape)}] needs that many non-null strings; got {data.Length}.", nameof(data));
        }

        return new OnnxTensor(data, OnnxElementType.String, [.. shape]);
    }

    /// <summary>The elements of a text tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor holds another element type.</exception>
    public string[] GetText() => Data as string[] ?? throw new InvalidOperationException($"The tensor holds {ElementType} elements, not text.");

    /// <summary>The elements as <typeparamref name="T"/>[].</summary>
    /// <exception cref="InvalidOperationException">The tensor holds another element type.</exception>
    public T[] GetData<T>()
        where T : unmanaged
        => Data as T[] ?? throw new InvalidOperationException($"The tensor holds {ElementType} elements, not {typeof(T).Name}.");

    /// <summary>The ONNX element type of a .NET type, or an exception naming the types that are allowed.</summary>
    internal static OnnxElementType ElementTypeOf(Type type) =>
        type == typeof(float) ? OnnxElementType.Float
        : type == typeof(double) ? OnnxElementType.Double
        : type == typeof(int) ? OnnxElementType.Int32
        : type == typeof(long) ? OnnxElementType.Int64
        : type == typeof(bool) ? OnnxElementType.Bool
        : type == typeof(uint) ? OnnxElementType.UInt32
        : throw new ArgumentException($"ONNX tensors of {type.Name} are not supported; use float, double, int, long, bool or uint.");

    /// <summary>An empty array of the .NET type of <paramref name="type"/> with <paramref name="length"/> elements.</summary>
    internal static Array NewArray(OnnxElementType type, long length) => type switch
    {
        OnnxElementType.Float => new float[length],
        OnnxElementType.Double => new double[length],
        OnnxElementType.Int32 => new int[length],
        OnnxElementType.Int64 => new long[length],
        OnnxElementType.Bool => new bool[length],
        OnnxElementType.UInt32 => new uint[length],
        _ => throw new NotSupportedException($"ONNX element type {type} is not supported."),
    };

    /// <summary>Wraps an array this package made, with its shape.</summary>
    internal static OnnxTensor Wrap(Array data, OnnxElementType type, long[] shape) => new(data, type, shape);
}
