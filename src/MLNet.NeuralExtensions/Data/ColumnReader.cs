using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Reads whole columns of an <see cref="IDataView"/> into arrays, for the components that fit on all rows at once
/// (network trainers, samplers, imputers, maps). Vectors come out row-major and dense; every row of the view is read,
/// none is skipped, so a bad value is reported rather than dropped.
/// </summary>
internal static class ColumnReader
{
    /// <summary>Reads a known-size vector column of Single as one row-major array.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">A column of <paramref name="data"/> of type Vector&lt;Single, n&gt;.</param>
    /// <param name="rows">The number of rows read.</param>
    /// <returns>rows × n values.</returns>
    public static float[] ReadSingleVectors(IDataView data, DataViewSchema.Column column, out int rows) =>
        ReadSingleVectors(data, column, out rows, consumer: null, [], out _);

    /// <summary>Reads, with one cursor (one pass over a view that is not cached), a known-size vector column of Single
    /// as one row-major array and scalar columns as <see cref="ReadScalars"/> reads them. With a
    /// <paramref name="consumer"/>, each row's vector is checked as it is read, as <see cref="RequireFinite"/> checks.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">A column of <paramref name="data"/> of type Vector&lt;Single, n&gt;.</param>
    /// <param name="rows">The number of rows read.</param>
    /// <param name="consumer">What needs finite values, for the message ("a network"); null to accept any value.</param>
    /// <param name="scalars">Scalar columns of <paramref name="data"/> to read in the same pass.</param>
    /// <param name="scalarValues">One array of rows values per column of <paramref name="scalars"/>.</param>
    /// <returns>rows × n values.</returns>
    /// <exception cref="InvalidDataException">A vector value is NaN or infinite (with a consumer); the message names the
    /// column, row and slot.</exception>
    public static float[] ReadSingleVectors(IDataView data, DataViewSchema.Column column, out int rows, string? consumer, DataViewSchema.Column[] scalars, out double[][] scalarValues)
    {
        int width = KnownSize(column);
        long? count = data.GetRowCount();
        using DataViewRowCursor cursor = data.GetRowCursor([column, .. scalars]);
        ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
        Func<double>[] readers = [.. scalars.Select(s => ScalarReader(cursor, s))];
        List<double>[] values = [.. scalars.Select(_ => new List<double>(checked((int)(count ?? 1024))))];
        var vectors = new RowBuffer(width, count);
        VBuffer<float> row = default;
        while (cursor.MoveNext())
        {
            getter(ref row);
            Span<float> destination = vectors.Next();
            row.CopyTo(destination);
            if (consumer is not null)
            {
                RequireFinite(destination, width, column.Name, consumer, vectors.Rows - 1);
            }

            for (int i = 0; i < readers.Length; i++)
            {
                values[i].Add(readers[i]());
            }
        }

        rows = vectors.Rows;
        scalarValues = [.. values.Select(v => v.ToArray())];
        return vectors.ToArray();
    }

    /// <summary>Reads a known-size vector column of Single or Double as one row-major array of doubles.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">A column of type Vector&lt;Single, n&gt; or Vector&lt;Double, n&gt;.</param>
    /// <param name="rows">The number of rows read.</param>
    /// <returns>rows × n values.</returns>
    public static double[] ReadVectorsAsDouble(IDataView data, DataViewSchema.Column column, out int rows)
    {
        if (((VectorDataViewType)column.Type).ItemType.RawType == typeof(float))
        {
            return Array.ConvertAll(ReadSingleVectors(data, column, out rows), v => (double)v);
        }

        int width = KnownSize(column);
        var values = new List<double>(checked((int)((data.GetRowCount() ?? 1024) * width)));
        rows = 0;
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<VBuffer<double>> getter = cursor.GetGetter<VBuffer<double>>(column);
        VBuffer<double> row = default;
        while (cursor.MoveNext())
        {
            getter(ref row);
            values.AddRange(row.DenseValues());
            rows++;
        }

        return [.. values];
    }

    /// <summary>Reads a scalar column of a numeric type, Boolean (0 or 1) or a key (its raw value, 0 for missing) as
    /// doubles.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is of another type; the message names it.</exception>
    public static double[] ReadScalars(IDataView data, DataViewSchema.Column column)
    {
        var values = new List<double>(checked((int)(data.GetRowCount() ?? 1024)));
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        Func<double> read = ScalarReader(cursor, column);
        while (cursor.MoveNext())
        {
            values.Add(read());
        }

        return [.. values];
    }

    /// <summary>Throws unless every value of <paramref name="values"/>, rows of <paramref name="width"/> read from
    /// <paramref name="column"/>, is finite.</summary>
    /// <param name="values">The values, row-major.</param>
    /// <param name="width">Values per row.</param>
    /// <param name="column">The column they were read from, for the message.</param>
    /// <param name="consumer">What needs finite values, for the message ("a network").</param>
    /// <param name="firstRow">The row number of the first row in <paramref name="values"/>.</param>
    /// <exception cref="InvalidDataException">A value is NaN or infinite; the message names the column, row and slot.</exception>
    public static void RequireFinite(ReadOnlySpan<float> values, int width, string column, string consumer, long firstRow = 0)
    {
        int bad = FirstNonFinite(values);
        if (bad >= 0)
        {
            throw new InvalidDataException($"Column '{column}', row {firstRow + (bad / width)}, slot {bad % width}: the value is {values[bad]}; {consumer} needs finite values. Replace missing values (ReplaceMissingValues) or filter such rows (FilterRowsByMissingValues) before it.");
        }
    }

    // A float is NaN or infinite when its exponent bits are all set; whole vectors are tested for that first.
    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(values);
        var exponent = new Vector<int>(0x7F800000);
        int start = 0;
        while (start <= bits.Length - Vector<int>.Count && !Vector.EqualsAny(new Vector<int>(bits[start..]) & exponent, exponent))
        {
            start += Vector<int>.Count;
        }

        for (int i = start; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int KnownSize(DataViewSchema.Column column) =>
        column.Type is VectorDataViewType { IsKnownSize: true } vector
            ? vector.Size
            : throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' is {column.Type}; a vector of known size is needed.");

    private static Func<double> ScalarReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type.RawType)
        {
            case Type t when t == typeof(float):
                return Read<float>(cursor, column, v => v);
            case Type t when t == typeof(double):
                return Read<double>(cursor, column, v => v);
            case Type t when t == typeof(bool):
                return Read<bool>(cursor, column, v => v ? 1 : 0);
            case Type t when t == typeof(uint):
                return Read<uint>(cursor, column, v => v);
            case Type t when t == typeof(int):
                return Read<int>(cursor, column, v => v);
            case Type t when t == typeof(long):
                return Read<long>(cursor, column, v => v);
            case Type t when t == typeof(ulong):
                return Read<ulong>(cursor, column, v => v);
            case Type t when t == typeof(ushort):
                return Read<ushort>(cursor, column, v => v);
            case Type t when t == typeof(byte):
                return Read<byte>(cursor, column, v => v);
            default:
                throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' is {column.Type}; a numeric, Boolean or key scalar is needed.");
        }
    }

    private static Func<double> Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, double> convert)
    {
        ValueGetter<T> getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return convert(value);
        };
    }

    /// <summary>Rows of one width written one after another: into one array when the row count is known, else into
    /// blocks of about 4 MB joined once at the end (a doubling array would copy every value twice more and hold up to
    /// three times the values at its peak).</summary>
    private sealed class RowBuffer(int width, long? rowCount)
    {
        private readonly List<float[]> _full = [];
        private float[] _block = GC.AllocateUninitializedArray<float>(checked((int)((rowCount ?? BlockRows(width)) * width)));
        private int _used;

        /// <summary>Gets the rows written.</summary>
        public int Rows { get; private set; }

        /// <summary>The next row to write; every value must be written. (Blocks hold whole rows, so a block is full when
        /// it is set aside.)</summary>
        public Span<float> Next()
        {
            if (_used + width > _block.Length)
            {
                _full.Add(_block);
                _block = GC.AllocateUninitializedArray<float>(BlockRows(width) * width);
                _used = 0;
            }

            Span<float> row = _block.AsSpan(_used, width);
            _used += width;
            Rows++;
            return row;
        }

        /// <summary>The rows written, row after row.</summary>
        public float[] ToArray()
        {
            if (_full.Count == 0 && _used == _block.Length)
            {
                return _block;
            }

            float[] all = GC.AllocateUninitializedArray<float>(checked(Rows * width));
            int at = 0;
            foreach (float[] block in _full)
            {
                block.CopyTo(all, at);
                at += block.Length;
            }

            _block.AsSpan(0, _used).CopyTo(all.AsSpan(at));
            return all;
        }

        private static int BlockRows(int width) => Math.Max(1, (1 << 20) / width);
    }
}
