using System.Collections.Immutable;

namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// A vector column type: a fixed number of items of one primitive type, or a variable number when
/// <see cref="Size"/> is 0. Values are <see cref="VBuffer{T}"/>.
/// </summary>
public sealed class VectorDataViewType : StructuredDataViewType
{
    /// <summary>Creates a vector type of <paramref name="size"/> items; 0 means variable size.</summary>
    /// <param name="itemType">The type of each item.</param>
    /// <param name="size">The number of items; 0 (the default) for a variable-size vector.</param>
    public VectorDataViewType(PrimitiveDataViewType itemType, int size = 0)
        : this(itemType, size == 0 ? ImmutableArray<int>.Empty : ImmutableArray.Create(size))
    {
    }

    /// <summary>Creates a vector type with the given dimensions (for example channels, height, width).</summary>
    /// <param name="itemType">The type of each item.</param>
    /// <param name="dimensions">The dimensions; all positive. The size is their product.</param>
    public VectorDataViewType(PrimitiveDataViewType itemType, params int[] dimensions)
        : this(itemType, dimensions is null ? ImmutableArray<int>.Empty : ImmutableArray.Create(dimensions))
    {
    }

    /// <summary>Creates a vector type with the given dimensions.</summary>
    /// <param name="itemType">The type of each item.</param>
    /// <param name="dimensions">The dimensions; all positive, or empty for a variable-size vector.</param>
    public VectorDataViewType(PrimitiveDataViewType itemType, ImmutableArray<int> dimensions)
        : base(MakeRawType(itemType))
    {
        long size = dimensions.IsDefaultOrEmpty ? 0 : 1;
        foreach (int d in dimensions.IsDefault ? ImmutableArray<int>.Empty : dimensions)
        {
            if (d <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dimensions), d, "Vector dimensions must be positive.");
            }

            size *= d;
        }

        if (size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), size, "A vector may hold at most Int32.MaxValue items.");
        }

        ItemType = itemType;
        Dimensions = dimensions.IsDefault ? ImmutableArray<int>.Empty : dimensions;
        Size = (int)size;
    }

    /// <summary>Gets the type of each item.</summary>
    public PrimitiveDataViewType ItemType { get; }

    /// <summary>Gets the dimensions; empty for a variable-size vector.</summary>
    public ImmutableArray<int> Dimensions { get; }

    /// <summary>Gets the number of items, or 0 when the size varies from row to row.</summary>
    public int Size { get; }

    /// <summary>Gets whether every value has <see cref="Size"/> items.</summary>
    public bool IsKnownSize => Size > 0;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) =>
        other is VectorDataViewType v && v.Size == Size && v.ItemType.Equals(ItemType) &&
        (Dimensions.Length <= 1 && v.Dimensions.Length <= 1 || Dimensions.SequenceEqual(v.Dimensions));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ItemType, Size);

    /// <inheritdoc/>
    public override string ToString() => IsKnownSize ? $"Vector<{ItemType}, {string.Join(", ", Dimensions)}>" : $"Vector<{ItemType}>";

    private static Type MakeRawType(PrimitiveDataViewType itemType)
    {
        ArgumentNullException.ThrowIfNull(itemType);
        return typeof(VBuffer<>).MakeGenericType(itemType.RawType);
    }
}
