namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// A categorical column type whose values are 1-based indices into a set of <see cref="Count"/> categories;
/// the value 0 means missing. The raw type is <see cref="uint"/>.
/// </summary>
/// <remarks>
/// A key value of 1 stands for the first entry of the column's <see cref="AnnotationUtils.Kinds.KeyValues"/>
/// annotation, when it has one. Arithmetic on keys is meaningless.
/// </remarks>
public sealed class KeyDataViewType : PrimitiveDataViewType
{
    /// <summary>Creates a key type over <paramref name="count"/> categories.</summary>
    /// <param name="type">The raw type; only <see cref="uint"/> is supported.</param>
    /// <param name="count">The number of categories; must be positive and fit in a <see cref="uint"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is 0 or too large.</exception>
    /// <exception cref="NotSupportedException"><paramref name="type"/> is not <see cref="uint"/>.</exception>
    public KeyDataViewType(Type type, ulong count) : base(typeof(uint))
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type != typeof(uint))
        {
            throw new NotSupportedException($"Key columns are stored as UInt32; raw type {type.Name} is not supported.");
        }

        if (count == 0 || count > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A key type needs between 1 and UInt32.MaxValue categories.");
        }

        Count = count;
    }

    /// <summary>Creates a key type over <paramref name="count"/> categories.</summary>
    /// <param name="type">The raw type; only <see cref="uint"/> is supported.</param>
    /// <param name="count">The number of categories; must be positive.</param>
    public KeyDataViewType(Type type, int count) : this(type, count > 0 ? (ulong)count : 0)
    {
    }

    /// <summary>Gets the number of categories; valid values are 1 to <see cref="Count"/>.</summary>
    public ulong Count { get; }

    /// <summary>Gets whether <paramref name="type"/> can be the raw type of a key column.</summary>
    /// <param name="type">A .NET type.</param>
    /// <returns><see langword="true"/> for <see cref="uint"/>.</returns>
    public static bool IsValidDataType(Type type) => type == typeof(uint);

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => other is KeyDataViewType k && k.Count == Count;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(KeyDataViewType), Count);

    /// <inheritdoc/>
    public override string ToString() => $"Key<UInt32, 0-{Count - 1}>";
}
