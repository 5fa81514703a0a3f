using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Evaluation;

/// <summary>Reads the label, score and feature columns that evaluators need, as whole arrays.</summary>
internal static class EvaluationColumns
{
    /// <summary>Reads scalar numeric, boolean or key columns as doubles (keys as their raw index, booleans as 0/1).</summary>
    public static double[][] ReadScalars(IDataView data, params DataViewSchema.Column[] columns)
    {
        var values = columns.Select(_ => new List<double>()).ToArray();
        using DataViewBatchCursor cursor = data.GetBatchCursor(columns);
        while (cursor.MoveNext())
        {
            for (int k = 0; k < columns.Length; k++)
            {
                ColumnBuffer buffer = cursor.Batch[columns[k].Index]!;
                List<double> target = values[k];
                switch (buffer)
                {
                    case ColumnBuffer<float> f: foreach (float x in f.Values) { target.Add(x); } break;
                    case ColumnBuffer<double> d: foreach (double x in d.Values) { target.Add(x); } break;
                    case ColumnBuffer<uint> u: foreach (uint x in u.Values) { target.Add(x); } break;
                    case ColumnBuffer<int> i: foreach (int x in i.Values) { target.Add(x); } break;
                    case ColumnBuffer<long> l: foreach (long x in l.Values) { target.Add(x); } break;
                    case ColumnBuffer<bool> b: foreach (bool x in b.Values) { target.Add(x ? 1 : 0); } break;
                    default: throw SchemaErrors.Mismatch(columns[k].Name, "a numeric, Boolean or key scalar", columns[k].Type);
                }
            }
        }

        return values.Select(v => v.ToArray()).ToArray();
    }

    /// <summary>Reads a fixed-size Single vector column as one array per row.</summary>
    public static float[][] ReadVectors(IDataView data, DataViewSchema.Column column)
    {
        var rows = new List<float[]>();
        using DataViewBatchCursor cursor = data.GetBatchCursor([column]);
        while (cursor.MoveNext())
        {
            ColumnBuffer<float> buffer = cursor.Batch.GetColumn<float>(column);
            for (int r = 0; r < buffer.RowCount; r++)
            {
                rows.Add(buffer.GetRow(r).ToArray());
            }
        }

        return rows.ToArray();
    }

    public static DataViewSchema.Column RequireScalarNumeric(DataViewSchema schema, string name, string role) =>
        SchemaErrors.Require(schema, name, t => t is NumberDataViewType or BooleanDataViewType or KeyDataViewType, "a numeric, Boolean or key scalar", role);

    public static DataViewSchema.Column RequireFloatScalar(DataViewSchema schema, string name, string role) =>
        SchemaErrors.Require(schema, name, t => t.Equals(NumberDataViewType.Single), "Single", role);

    public static DataViewSchema.Column RequireFloatVector(DataViewSchema schema, string name, string role) =>
        SchemaErrors.Require(schema, name, t => t is VectorDataViewType { IsKnownSize: true } v && v.ItemType.Equals(NumberDataViewType.Single), "Vector<Single> of a known size", role);

    /// <summary>Converts a binary label (Single/Double &gt; 0, true, or key 2 of a two-category key) to a class, or null when missing.</summary>
    public static Func<double, bool?> BinaryLabel(DataViewSchema.Column label)
    {
        if (label.Type is KeyDataViewType key)
        {
            if (key.Count != 2)
            {
                throw SchemaErrors.Mismatch(label.Name, "a key of 2 categories, Boolean, Single or Double", label.Type, "label");
            }

            return v => v == 0 ? null : v == 2;
        }

        return v => double.IsNaN(v) ? null : v > 0;
    }
}
