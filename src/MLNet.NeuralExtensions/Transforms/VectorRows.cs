using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Reads every row of a known-size Single or Double vector column into one row-major array of doubles, for
/// the transforms that fit on the whole matrix (nearest neighbours, iterative imputation, samplers).</summary>
internal static class VectorRows
{
    public static double[] Read(IDataView data, DataViewSchema.Column column)
    {
        var values = new List<double>();
        bool isDouble = ColumnBuffers.ItemType(column.Type).RawType == typeof(double);
        using DataViewBatchCursor cursor = data.GetBatchCursor([column]);
        while (cursor.MoveNext())
        {
            if (isDouble)
            {
                values.AddRange(cursor.Batch.GetColumn<double>(column).Values);
            }
            else
            {
                foreach (float v in cursor.Batch.GetColumn<float>(column).Values)
                {
                    values.Add(v);
                }
            }
        }

        return [.. values];
    }

    /// <summary>Reads every row of a known-size Single vector column as floats, throwing on the first value that is not
    /// finite.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">The column.</param>
    /// <param name="consumer">What needs finite values, for the message ("a network").</param>
    /// <exception cref="InvalidDataException">A value is NaN or infinite; the message names the column, row and slot.</exception>
    public static float[] ReadFinite(IDataView data, DataViewSchema.Column column, string consumer)
    {
        float[] x = [.. Read(data, column).Select(v => (float)v)];
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
}
