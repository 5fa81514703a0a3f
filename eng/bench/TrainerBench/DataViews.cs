using Microsoft.ML;
using Microsoft.ML.Data;

namespace TrainerBench;

/// <summary>Passes over ML.NET data views outside the trainers.</summary>
internal static class DataViews
{
    /// <summary>Reads every value of <paramref name="columns"/> (all of <paramref name="data"/>'s by default) with one
    /// row cursor, calling each column's getter on every row, so that lazy transforms compute and a cache fills.</summary>
    public static void Read(IDataView data, params string[] columns)
    {
        DataViewSchema.Column[] read = columns.Length == 0 ? [.. data.Schema] : [.. columns.Select(c => data.Schema[c])];
        using DataViewRowCursor cursor = data.GetRowCursor(read);
        Action[] getters = [.. read.Select(c => Getter(cursor, c))];
        while (cursor.MoveNext())
        {
            foreach (Action get in getters)
            {
                get();
            }
        }
    }

    private static Action Getter(DataViewRowCursor cursor, DataViewSchema.Column column) => column.Type switch
    {
        VectorDataViewType => Getter<VBuffer<float>>(cursor, column),
        BooleanDataViewType => Getter<bool>(cursor, column),
        KeyDataViewType => Getter<uint>(cursor, column),
        TextDataViewType => Getter<ReadOnlyMemory<char>>(cursor, column),
        _ => Getter<float>(cursor, column),
    };

    private static Action Getter<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        ValueGetter<T> getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () => getter(ref value);
    }
}
