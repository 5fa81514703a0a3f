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
    public static float[] ReadSingleVectors(IDataView data, DataViewSchema.Column column, out int rows)
    {
        int width = KnownSize(column);
        var values = new float[checked((int)((data.GetRowCount() ?? 1024) * width))];
        rows = 0;
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> row = default;
        while (cursor.MoveNext())
        {
            getter(ref row);
            if ((rows + 1) * width > values.Length)
            {
                Array.Resize(ref values, Math.Max(values.Length * 2, (rows + 1) * width));
            }

            row.CopyTo(values.AsSpan(rows * width, width));
            rows++;
        }

        return rows * width == values.Length ? values : values[..(rows * width)];
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

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
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
}
