using System.Reflection;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Builds batch functions that map every item of a column through a function, keeping the column's shape.</summary>
internal static class ItemMapping
{
    private static readonly MethodInfo s_fill = typeof(ItemMapping).GetMethod(nameof(Fill), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Creates the batch function for <paramref name="map"/> (a <c>Func&lt;TSrc, TDst&gt;</c>) over input column <paramref name="input"/>.</summary>
    public static Action<DataViewBatch, ColumnBuffer> Create(Delegate map, DataViewSchema.Column input)
    {
        Type[] args = map.GetType().GetGenericArguments();
        return (Action<DataViewBatch, ColumnBuffer>)s_fill.MakeGenericMethod(args[0], args[1]).Invoke(null, [map, input.Index, input.Name])!;
    }

    private static Action<DataViewBatch, ColumnBuffer> Fill<TSrc, TDst>(Func<TSrc, TDst> map, int input, string column) => (batch, destination) =>
    {
        var source = (ColumnBuffer<TSrc>)batch[input]!;
        var output = (ColumnBuffer<TDst>)destination;
        int rows = batch.RowCount;
        int row = 0;
        try
        {
            if (source.Width > 0)
            {
                ReadOnlySpan<TSrc> values = source.Values;
                Span<TDst> result = output.ResetFixed(rows, source.Width);
                for (int i = 0; i < values.Length; i++)
                {
                    row = i / source.Width;
                    result[i] = map(values[i]);
                }

                return;
            }

            output.ResetVariable(rows);
            for (row = 0; row < rows; row++)
            {
                ReadOnlySpan<TSrc> values = source.GetRow(row);
                Span<TDst> result = output.AppendRow(values.Length);
                for (int i = 0; i < values.Length; i++)
                {
                    result[i] = map(values[i]);
                }
            }
        }
        catch (FormatException e)
        {
            throw new FormatException($"Column '{column}', row {batch.Position + row}: {e.Message}", e);
        }
    };
}
