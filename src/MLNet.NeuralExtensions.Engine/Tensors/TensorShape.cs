using System.Collections.Immutable;
using System.Globalization;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The dimensions of a tensor, outermost first. Layers describe one example's shape (no batch dimension); tensors that
/// flow through a network carry the batch as their first dimension.
/// </summary>
public readonly struct TensorShape : IEquatable<TensorShape>
{
    private readonly ImmutableArray<int> _dimensions;

    /// <summary>Creates a shape from its dimensions, each at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    public TensorShape(params ReadOnlySpan<int> dimensions)
    {
        foreach (int d in dimensions)
        {
            if (d < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(dimensions), $"Every dimension of a tensor shape must be at least 1; got {Format(dimensions)}.");
            }
        }

        _dimensions = [.. dimensions];
    }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dimensions.IsDefault ? 0 : _dimensions.Length;

    /// <summary>The number of elements: the product of the dimensions (1 for a rank-0 shape).</summary>
    public int Size
    {
        get
        {
            long size = 1;
            for (int i = 0; i < Rank; i++)
            {
                size *= _dimensions[i];
            }

            return checked((int)size);
        }
    }

    /// <summary>The dimensions, outermost first.</summary>
    public ImmutableArray<int> Dimensions => _dimensions.IsDefault ? [] : _dimensions;

    /// <summary>The dimension at <paramref name="axis"/>; a negative axis counts from the end.</summary>
    public int this[int axis] => _dimensions[axis < 0 ? Rank + axis : axis];

    /// <summary>Returns this shape with <paramref name="batch"/> prepended as the outermost dimension.</summary>
    public TensorShape WithBatch(int batch) => new([batch, .. Dimensions.AsSpan()]);

    /// <summary>Whether this shape is <paramref name="batch"/> examples of <paramref name="example"/>.</summary>
    internal bool IsBatchOf(int batch, TensorShape example)
        => Rank == example.Rank + 1 && _dimensions[0] == batch && Dimensions.AsSpan()[1..].SequenceEqual(example.Dimensions.AsSpan());

    /// <inheritdoc/>
    public bool Equals(TensorShape other) => Dimensions.AsSpan().SequenceEqual(other.Dimensions.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int d in Dimensions)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }

    /// <summary>Formats the shape as <c>[2×3×4]</c>.</summary>
    public override string ToString() => Format(Dimensions.AsSpan());

    /// <summary>Whether two shapes have the same dimensions.</summary>
    public static bool operator ==(TensorShape left, TensorShape right) => left.Equals(right);

    /// <summary>Whether two shapes differ.</summary>
    public static bool operator !=(TensorShape left, TensorShape right) => !left.Equals(right);

    internal static string Format(ReadOnlySpan<int> dimensions)
    {
        var parts = new string[dimensions.Length];
        for (int i = 0; i < dimensions.Length; i++)
        {
            parts[i] = dimensions[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join("×", parts) + "]";
    }
}
