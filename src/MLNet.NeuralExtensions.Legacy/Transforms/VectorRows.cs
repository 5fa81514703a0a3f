using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Reads every row of a known-size Single or Double vector column into one row-major array of doubles, for
/// the transforms that fit on the whole matrix (nearest neighbours, iterative imputation, samplers).</summary>
internal static class VectorRows
{
    public static double[] Read(IDataView data, DataViewSchema.Column column) =>
        ColumnBuffers.ItemType(column.Type).RawType == typeof(double)
            ? ReadAll<double>(data, column)
            : Array.ConvertAll(ReadAll<float>(data, column), v => (double)v);

    /// <summary>Reads every row of a known-size Single vector column as floats, throwing on the first value that is not
    /// finite.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">The column.</param>
    /// <param name="consumer">What needs finite values, for the message ("a network").</param>
    /// <exception cref="InvalidDataException">A value is NaN or infinite; the message names the column, row and slot.</exception>
    public static float[] ReadFinite(IDataView data, DataViewSchema.Column column, string consumer)
    {
        float[] x = ReadAll<float>(data, column);
        RequireFinite(x, ((VectorDataViewType)column.Type).Size, column.Name, 0, consumer);
        return x;
    }

    /// <summary>Throws unless every value of <paramref name="values"/> (rows of <paramref name="width"/>, the first being
    /// row <paramref name="firstRow"/> of column <paramref name="column"/>) is finite.</summary>
    /// <exception cref="InvalidDataException">A value is NaN or infinite; the message names the column, row and slot.</exception>
    public static void RequireFinite(ReadOnlySpan<float> values, int width, string column, long firstRow, string consumer)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"Feature column '{column}', row {firstRow + (i / width)}, slot {i % width}: the value is {values[i]}; {consumer} needs finite features. Replace missing values (ReplaceMissingValues) before it.");
            }
        }
    }

    /// <summary>Copies every row of a known-size vector column of <typeparamref name="T"/> into one row-major array, sized
    /// once when the view knows its row count.</summary>
    private static T[] ReadAll<T>(IDataView data, DataViewSchema.Column column)
    {
        int width = ((VectorDataViewType)column.Type).Size;
        var values = new T[checked((int)((data.GetRowCount() ?? 1024) * width))];
        int count = 0;
        using DataViewBatchCursor cursor = data.GetBatchCursor([column]);
        while (cursor.MoveNext())
        {
            ReadOnlySpan<T> batch = cursor.Batch.GetColumn<T>(column).Values;
            if (count + batch.Length > values.Length)
            {
                Array.Resize(ref values, Math.Max(values.Length * 2, count + batch.Length));
            }

            batch.CopyTo(values.AsSpan(count));
            count += batch.Length;
        }

        return count == values.Length ? values : values[..count];
    }
}
