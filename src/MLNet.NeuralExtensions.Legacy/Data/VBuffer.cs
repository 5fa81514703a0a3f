using MLNet.NeuralExtensions;
namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// The value of a vector column: <see cref="Length"/> logical items stored densely, or sparsely as
/// (index, value) pairs with every other item equal to <c>default(T)</c>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// A VBuffer does not copy the arrays it is built over. Getters fill a VBuffer passed by reference and
/// reuse its arrays when they are large enough, so a caller that keeps a value across rows must copy it
/// (<see cref="CopyTo(ref VBuffer{T})"/> or <see cref="DenseValues"/>).
/// </remarks>
public readonly struct VBuffer<T>
{
    private readonly T[]? _values;
    private readonly int[]? _indices;
    private readonly int _count;

    /// <summary>Creates a dense vector over the first <paramref name="length"/> items of <paramref name="values"/>,
    /// or a sparse one when <paramref name="indices"/> is given.</summary>
    /// <param name="length">The logical length.</param>
    /// <param name="values">The stored values.</param>
    /// <param name="indices">For a sparse vector, the strictly increasing indices of the stored values; <see langword="null"/> (the default) for dense.</param>
    public VBuffer(int length, T[] values, int[]? indices = null)
        : this(length, indices is null ? length : Math.Min(indices.Length, values?.Length ?? 0), values!, indices)
    {
    }

    /// <summary>Creates a vector from the first <paramref name="count"/> stored values.</summary>
    /// <param name="length">The logical length.</param>
    /// <param name="count">How many entries of <paramref name="values"/> (and <paramref name="indices"/>) are used; equals <paramref name="length"/> for a dense vector.</param>
    /// <param name="values">The stored values.</param>
    /// <param name="indices">The indices of the stored values for a sparse vector, or <see langword="null"/>.</param>
    public VBuffer(int length, int count, T[] values, int[]? indices = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A vector of length {length} cannot store {count} values.");
        }

        if ((values?.Length ?? 0) < count || (indices is not null && indices.Length < count))
        {
            throw new ArgumentException($"The arrays hold fewer than the {count} values requested.", nameof(values));
        }

        if (indices is null && count != length)
        {
            throw new ArgumentException($"A dense vector of length {length} needs {length} values; {count} were given.", nameof(count));
        }

        Length = length;
        _count = count;
        _values = values;
        _indices = count == length ? null : indices;
    }

    /// <summary>Gets the logical number of items.</summary>
    public int Length { get; }

    /// <summary>Gets whether every item is stored explicitly.</summary>
    public bool IsDense => _count == Length;

    /// <summary>Gets the stored values: all <see cref="Length"/> items when dense, the explicit ones when sparse.</summary>
    /// <returns>A span over the stored values.</returns>
    public ReadOnlySpan<T> GetValues() => _values is null ? ReadOnlySpan<T>.Empty : _values.AsSpan(0, _count);

    /// <summary>Gets the indices of the stored values; empty when the vector is dense.</summary>
    /// <returns>A span over the indices.</returns>
    public ReadOnlySpan<int> GetIndices() => IsDense || _indices is null ? ReadOnlySpan<int>.Empty : _indices.AsSpan(0, _count);

    /// <summary>Enumerates all <see cref="Length"/> items, filling implicit ones with <c>default(T)</c>.</summary>
    /// <returns>The items in order.</returns>
    public IEnumerable<T> DenseValues()
    {
        var dense = new T[Length];
        CopyTo(dense);
        return dense;
    }

    /// <summary>Gets the item at <paramref name="index"/>, or <c>default(T)</c> when it is not stored.</summary>
    /// <param name="index">An index in [0, <see cref="Length"/>).</param>
    /// <returns>The item.</returns>
    public T GetItemOrDefault(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        if (IsDense)
        {
            return _values![index];
        }

        int found = GetIndices().BinarySearch(index);
        return found >= 0 ? _values![found] : default!;
    }

    /// <summary>Writes all <see cref="Length"/> items densely into <paramref name="destination"/>.</summary>
    /// <param name="destination">A span of at least <see cref="Length"/> items.</param>
    public void CopyTo(Span<T> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} items; {Length} are needed.", nameof(destination));
        }

        if (IsDense)
        {
            GetValues().CopyTo(destination);
            return;
        }

        destination[..Length].Clear();
        ReadOnlySpan<T> values = GetValues();
        ReadOnlySpan<int> indices = GetIndices();
        for (int i = 0; i < values.Length; i++)
        {
            destination[indices[i]] = values[i];
        }
    }

    /// <summary>Copies this vector into <paramref name="destination"/> as a dense vector, reusing its array when large enough.</summary>
    /// <param name="destination">The vector to overwrite.</param>
    public void CopyTo(ref VBuffer<T> destination)
    {
        T[] buffer = destination._values is { } existing && existing.Length >= Length ? existing : new T[Length];
        CopyTo(buffer);
        destination = new VBuffer<T>(Length, Length, buffer);
    }

    /// <summary>Overwrites <paramref name="destination"/> with a dense copy of <paramref name="source"/>, reusing its array when large enough.</summary>
    internal static void CopyFrom(ReadOnlySpan<T> source, ref VBuffer<T> destination)
    {
        T[] buffer = destination._values is { } existing && existing.Length >= source.Length ? existing : new T[source.Length];
        source.CopyTo(buffer);
        destination = new VBuffer<T>(source.Length, source.Length, buffer);
    }

    /// <inheritdoc/>
    public override string ToString() => $"VBuffer<{typeof(T).Name}>[{Length}]";
}
