namespace MLNet.NeuralExtensions.Data;

/// <summary>The numeric column types: <see cref="Single"/>, <see cref="Double"/>, <see cref="Int32"/>, <see cref="Int64"/> and <see cref="UInt32"/>.</summary>
public sealed class NumberDataViewType : PrimitiveDataViewType
{
    private NumberDataViewType(Type rawType) : base(rawType)
    {
    }

    /// <summary>Gets the 32-bit floating-point type; a missing value is NaN.</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float));

    /// <summary>Gets the 64-bit floating-point type; a missing value is NaN.</summary>
    public static NumberDataViewType Double { get; } = new(typeof(double));

    /// <summary>Gets the 32-bit signed integer type.</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int));

    /// <summary>Gets the 64-bit signed integer type.</summary>
    public static NumberDataViewType Int64 { get; } = new(typeof(long));

    /// <summary>Gets the 32-bit unsigned integer type.</summary>
    public static NumberDataViewType UInt32 { get; } = new(typeof(uint));

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => RawType.Name;
}
