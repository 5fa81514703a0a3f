namespace MLNet.NeuralExtensions.Data;

/// <summary>The item kinds a column can be converted to or loaded as; the numbers match ML.NET's.</summary>
public enum DataKind : byte
{
    /// <summary>32-bit signed integer.</summary>
    Int32 = 5,

    /// <summary>32-bit unsigned integer.</summary>
    UInt32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>32-bit floating point.</summary>
    Single = 9,

    /// <summary>64-bit floating point.</summary>
    Double = 10,

    /// <summary>Text.</summary>
    String = 11,

    /// <summary>Boolean.</summary>
    Boolean = 12,
}

/// <summary>Maps <see cref="DataKind"/> values to column types.</summary>
public static class DataKindExtensions
{
    /// <summary>Gets the primitive column type of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The column type.</returns>
    public static PrimitiveDataViewType ToDataViewType(this DataKind kind) => kind switch
    {
        DataKind.Int32 => NumberDataViewType.Int32,
        DataKind.UInt32 => NumberDataViewType.UInt32,
        DataKind.Int64 => NumberDataViewType.Int64,
        DataKind.Single => NumberDataViewType.Single,
        DataKind.Double => NumberDataViewType.Double,
        DataKind.String => TextDataViewType.Instance,
        DataKind.Boolean => BooleanDataViewType.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown data kind."),
    };
}
