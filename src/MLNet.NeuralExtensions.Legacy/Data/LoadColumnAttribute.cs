namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Maps a field or property to columns of a text file: one column, a range of columns (which loads as a
/// vector), or a list of columns.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class LoadColumnAttribute : Attribute
{
    /// <summary>Maps the member to the file column at <paramref name="columnIndex"/> (0-based).</summary>
    /// <param name="columnIndex">The 0-based column position in each line.</param>
    public LoadColumnAttribute(int columnIndex) : this([columnIndex])
    {
    }

    /// <summary>Maps the member to file columns <paramref name="start"/> to <paramref name="end"/>, both included, loaded as one vector.</summary>
    /// <param name="start">The first 0-based column.</param>
    /// <param name="end">The last 0-based column, included.</param>
    public LoadColumnAttribute(int start, int end)
    {
        if (start < 0 || end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"Invalid column range {start}-{end}.");
        }

        Sources = Enumerable.Range(start, end - start + 1).ToArray();
        IsRange = true;
    }

    /// <summary>Maps the member to the listed file columns, loaded as one vector when there is more than one.</summary>
    /// <param name="columnIndexes">The 0-based column positions.</param>
    public LoadColumnAttribute(int[] columnIndexes)
    {
        ArgumentNullException.ThrowIfNull(columnIndexes);
        if (columnIndexes.Length == 0 || columnIndexes.Any(i => i < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(columnIndexes), "Column indexes must be non-negative and at least one must be given.");
        }

        Sources = columnIndexes.ToArray();
    }

    /// <summary>Gets the 0-based file columns the member is loaded from.</summary>
    public IReadOnlyList<int> Sources { get; }

    /// <summary>Gets whether the attribute was given as a start-end range, which always loads as a vector.</summary>
    public bool IsRange { get; }
}
