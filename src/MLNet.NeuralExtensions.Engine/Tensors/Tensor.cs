namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A dense float32 tensor in row-major order. Its storage can be larger than its shape needs, so that a layer's
/// buffers are reshaped for a smaller last batch without reallocating.
/// </summary>
public sealed class Tensor
{
    private float[] _storage;

    /// <summary>Creates a zero-filled tensor of <paramref name="shape"/>.</summary>
    public Tensor(TensorShape shape)
    {
        Shape = shape;
        _storage = new float[shape.Size];
    }

    /// <summary>Creates a tensor of <paramref name="shape"/> over <paramref name="values"/> (not copied).</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is shorter than the shape's size.</exception>
    public Tensor(TensorShape shape, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length < shape.Size)
        {
            throw new ArgumentException($"A tensor of shape {shape} needs {shape.Size} values; got {values.Length}.", nameof(values));
        }

        Shape = shape;
        _storage = values;
    }

    /// <summary>The tensor's dimensions.</summary>
    public TensorShape Shape { get; private set; }

    /// <summary>The number of elements, <see cref="TensorShape.Size"/> of <see cref="Shape"/>.</summary>
    public int Length => Shape.Size;

    /// <summary>The elements, row-major.</summary>
    public Span<float> Span => _storage.AsSpan(0, Length);

    /// <summary>Copies the elements into a new array.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <summary>Gives the tensor a new shape, growing the storage only when it is too small; contents are unspecified
    /// afterwards unless the size is unchanged.</summary>
    internal Tensor Reshape(TensorShape shape)
    {
        if (_storage.Length < shape.Size)
        {
            _storage = new float[shape.Size];
        }

        Shape = shape;
        return this;
    }

    /// <summary>Returns a buffer of <paramref name="batch"/> examples of <paramref name="example"/>, reusing
    /// <paramref name="buffer"/>; allocates nothing when the buffer already has that shape.</summary>
    internal static Tensor EnsureBatch(ref Tensor? buffer, int batch, TensorShape example)
        => buffer is not null && buffer.Shape.IsBatchOf(batch, example) ? buffer : Ensure(ref buffer, example.WithBatch(batch));

    /// <summary>Returns a buffer of <paramref name="shape"/>, reusing <paramref name="buffer"/> when there is one.</summary>
    internal static Tensor Ensure(ref Tensor? buffer, TensorShape shape) => buffer is null ? buffer = new Tensor(shape) : buffer.Reshape(shape);
}
