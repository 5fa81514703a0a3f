namespace MLNet.NeuralExtensions.Data;

/// <summary>Declares that a <see cref="uint"/> member is a key column with <see cref="Count"/> categories.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class KeyTypeAttribute : Attribute
{
    /// <summary>Declares a key of <paramref name="count"/> categories; valid values are 1 to count and 0 is missing.</summary>
    /// <param name="count">The number of categories; must be positive.</param>
    public KeyTypeAttribute(ulong count)
    {
        ArgumentOutOfRangeException.ThrowIfZero(count);
        Count = count;
    }

    /// <summary>Gets the number of categories.</summary>
    public ulong Count { get; }
}
