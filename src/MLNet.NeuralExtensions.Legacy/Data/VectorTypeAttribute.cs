namespace MLNet.NeuralExtensions.Data;

/// <summary>Declares that an array or <see cref="VBuffer{T}"/> member is a vector column of fixed dimensions.</summary>
/// <remarks>Without this attribute (or with no dimensions), an array member is a variable-size vector column.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class VectorTypeAttribute : Attribute
{
    /// <summary>Declares a variable-size vector.</summary>
    public VectorTypeAttribute()
    {
        Dimensions = [];
    }

    /// <summary>Declares a vector of the given dimensions; its size is their product.</summary>
    /// <param name="dimensions">The positive dimensions, for example channels, height, width.</param>
    public VectorTypeAttribute(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Any(d => d <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), "Vector dimensions must be positive.");
        }

        Dimensions = dimensions.ToArray();
    }

    /// <summary>Gets the dimensions; empty for a variable-size vector.</summary>
    public IReadOnlyList<int> Dimensions { get; }
}
