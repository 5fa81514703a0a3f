namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// The type of a column of an <see cref="IDataView"/>: a primitive item type or a vector of one.
/// </summary>
/// <remarks>Types are compared by value: two instances describing the same type are equal.</remarks>
public abstract class DataViewType : IEquatable<DataViewType>
{
    private protected DataViewType(Type rawType) => RawType = rawType;

    /// <summary>Gets the .NET type that carries one value of this column type in getters and batches.</summary>
    public Type RawType { get; }

    /// <inheritdoc/>
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();
}

/// <summary>A type whose values are single items: numbers, text, booleans and keys.</summary>
public abstract class PrimitiveDataViewType : DataViewType
{
    private protected PrimitiveDataViewType(Type rawType) : base(rawType)
    {
    }
}

/// <summary>A type whose values are made of several items, such as vectors.</summary>
public abstract class StructuredDataViewType : DataViewType
{
    private protected StructuredDataViewType(Type rawType) : base(rawType)
    {
    }
}
