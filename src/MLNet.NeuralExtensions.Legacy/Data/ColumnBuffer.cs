namespace MLNet.NeuralExtensions.Data;

/// <summary>The values of one column for the rows of a <see cref="DataViewBatch"/>.</summary>
public abstract class ColumnBuffer
{
    private protected ColumnBuffer()
    {
    }

    /// <summary>Gets the number of rows held.</summary>
    public int RowCount { get; private protected set; }

    /// <summary>Gets the raw type of one item.</summary>
    public abstract Type ItemType { get; }

    /// <summary>Overwrites this buffer with the selected rows of <paramref name="source"/> (same item type), in order.</summary>
    internal abstract void CopyRowsFrom(ColumnBuffer source, ReadOnlySpan<int> rows);

    /// <summary>Appends every row of <paramref name="source"/> (same item type).</summary>
    internal abstract void AppendRowsFrom(ColumnBuffer source);

    /// <summary>Makes this buffer a window on rows of <paramref name="whole"/> without copying, or copies them when rows vary in length.</summary>
    internal abstract void WindowOn(ColumnBuffer whole, int firstRow, int rows);

    /// <summary>Prepares to receive up to <paramref name="capacityRows"/> rows of <paramref name="width"/> items each (0: variable).</summary>
    internal abstract void BeginFill(int capacityRows, int width);

    /// <summary>Ends a fill begun by <see cref="BeginFill"/> after <paramref name="rows"/> rows were written.</summary>
    internal abstract void FinishFill(int rows);
}

/// <summary>
/// The values of one column for a block of rows, row after row in one array: <see cref="Width"/> items per
/// row for scalar (width 1) and fixed-size vector columns, or a varying number per row for variable-size vectors.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>Cursors reuse buffers from one batch to the next: copy what must outlive a call to MoveNext.</remarks>
public sealed class ColumnBuffer<T> : ColumnBuffer
{
    private T[] _values = [];
    private int[]? _offsets;
    private int _start;
    private int _count;
    private bool _borrowed;

    /// <summary>Gets the number of items per row, or 0 when rows have varying lengths.</summary>
    public int Width { get; private set; }

    /// <inheritdoc/>
    public override Type ItemType => typeof(T);

    /// <summary>Gets every item of every row, in row order.</summary>
    public ReadOnlySpan<T> Values => _values.AsSpan(_start, _count);

    /// <summary>Gets the items of one row.</summary>
    /// <param name="row">A row index in [0, <see cref="ColumnBuffer.RowCount"/>).</param>
    /// <returns>The row's items.</returns>
    public ReadOnlySpan<T> GetRow(int row)
    {
        if ((uint)row >= (uint)RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The batch holds {RowCount} rows.");
        }

        return _offsets is null
            ? _values.AsSpan(_start + (row * Width), Width)
            : _values.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);
    }

    /// <summary>Prepares the buffer for <paramref name="rows"/> rows of <paramref name="width"/> items and returns the writable items.</summary>
    internal Span<T> ResetFixed(int rows, int width)
    {
        int count = checked(rows * width);
        if (_borrowed || _values.Length < count)
        {
            _values = new T[Math.Max(count, _borrowed ? 0 : _values.Length * 2)];
            _borrowed = false;
        }

        _start = 0;

        _offsets = null;
        RowCount = rows;
        Width = width;
        _count = count;
        return _values.AsSpan(0, count);
    }

    /// <summary>Gets one row of a fixed-width buffer prepared by <see cref="ResetFixed"/>, for writing.</summary>
    internal Span<T> RowForWriting(int row)
    {
        if (_borrowed || _offsets is not null || (uint)row >= (uint)RowCount)
        {
            throw new InvalidOperationException($"Row {row} of this buffer cannot be written.");
        }

        return _values.AsSpan(_start + (row * Width), Width);
    }

    /// <summary>Keeps only the first <paramref name="rows"/> rows of a fixed-width buffer filled through <see cref="ResetFixed"/>.</summary>
    internal void Truncate(int rows)
    {
        if (_offsets is not null || rows > RowCount)
        {
            throw new InvalidOperationException($"Cannot truncate a buffer of {RowCount} rows to {rows}.");
        }

        RowCount = rows;
        _count = rows * Width;
    }

    /// <summary>Prepares the buffer to receive variable-length rows through <see cref="AppendRow"/>.</summary>
    internal void ResetVariable(int rows)
    {
        if (_offsets is null || _offsets.Length < rows + 1)
        {
            _offsets = new int[rows + 1];
        }

        if (_borrowed)
        {
            _values = [];
            _borrowed = false;
        }

        RowCount = 0;
        Width = 0;
        _start = 0;
        _count = 0;
        _offsets[0] = 0;
    }

    /// <summary>Appends one row of <paramref name="length"/> items and returns them for writing.</summary>
    internal Span<T> AppendRow(int length)
    {
        if (_offsets is null)
        {
            throw new InvalidOperationException("AppendRow needs ResetVariable first.");
        }

        if (RowCount + 1 >= _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        int end = _count + length;
        if (_values.Length < end)
        {
            Array.Resize(ref _values, Math.Max(end, _values.Length * 2));
        }

        Span<T> row = _values.AsSpan(_count, length);
        _count = end;
        RowCount++;
        _offsets[RowCount] = end;
        return row;
    }

    /// <inheritdoc/>
    internal override void BeginFill(int capacityRows, int width)
    {
        if (width > 0)
        {
            ResetFixed(capacityRows, width);
        }
        else
        {
            ResetVariable(capacityRows);
        }
    }

    /// <inheritdoc/>
    internal override void FinishFill(int rows)
    {
        if (_offsets is null)
        {
            Truncate(rows);
        }
    }

    /// <inheritdoc/>
    internal override void CopyRowsFrom(ColumnBuffer source, ReadOnlySpan<int> rows) => CopyRows((ColumnBuffer<T>)source, rows);

    /// <inheritdoc/>
    internal override void AppendRowsFrom(ColumnBuffer source) => AppendRows((ColumnBuffer<T>)source);

    /// <inheritdoc/>
    internal override void WindowOn(ColumnBuffer whole, int firstRow, int rows)
    {
        var source = (ColumnBuffer<T>)whole;
        if (source.Width == 0)
        {
            ResetVariable(rows);
            for (int r = firstRow; r < firstRow + rows; r++)
            {
                ReadOnlySpan<T> src = source.GetRow(r);
                src.CopyTo(AppendRow(src.Length));
            }

            return;
        }

        SetWindow(source, firstRow, rows);
    }

    /// <summary>Makes this buffer a read-only window on rows [<paramref name="firstRow"/>, +<paramref name="rows"/>) of a fixed-width buffer, without copying.</summary>
    private void SetWindow(ColumnBuffer<T> whole, int firstRow, int rows)
    {
        _values = whole._values;
        _borrowed = true;
        _offsets = null;
        Width = whole.Width;
        RowCount = rows;
        _start = whole._start + (firstRow * Width);
        _count = rows * Width;
    }

    /// <summary>Copies the selected rows of <paramref name="source"/>, in order, into this buffer.</summary>
    internal void CopyRows(ColumnBuffer<T> source, ReadOnlySpan<int> rows)
    {
        if (source.Width > 0)
        {
            int w = source.Width;
            Span<T> dst = ResetFixed(rows.Length, w);
            ReadOnlySpan<T> src = source.Values;
            for (int i = 0; i < rows.Length; i++)
            {
                src.Slice(rows[i] * w, w).CopyTo(dst.Slice(i * w, w));
            }

            return;
        }

        ResetVariable(rows.Length);
        foreach (int r in rows)
        {
            ReadOnlySpan<T> src = source.GetRow(r);
            src.CopyTo(AppendRow(src.Length));
        }
    }

    /// <summary>Appends all rows of <paramref name="source"/> after the rows already held; an empty buffer takes the source's layout.</summary>
    internal void AppendRows(ColumnBuffer<T> source)
    {
        if (RowCount == 0 && _offsets is null)
        {
            Width = source.Width;
            if (Width == 0)
            {
                ResetVariable(source.RowCount);
            }
        }

        if (Width == 0)
        {
            for (int r = 0; r < source.RowCount; r++)
            {
                ReadOnlySpan<T> src = source.GetRow(r);
                src.CopyTo(AppendRow(src.Length));
            }

            return;
        }

        if (source.Width != Width)
        {
            throw new InvalidOperationException($"Cannot append rows of width {source.Width} to a buffer of width {Width}.");
        }

        int end = checked(_count + source._count);
        if (_values.Length < end)
        {
            Array.Resize(ref _values, Math.Max(end, _values.Length * 2));
        }

        source.Values.CopyTo(_values.AsSpan(_count));
        _count = end;
        RowCount += source.RowCount;
    }
}
