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
}
