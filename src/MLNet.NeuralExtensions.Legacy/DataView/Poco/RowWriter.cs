using System.Reflection;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>Sets the members of objects from the columns of batches (CreateEnumerable, PredictionEngine).</summary>
internal sealed class RowWriter<TRow>
    where TRow : class, new()
{
    private static readonly MethodInfo s_scalar = typeof(RowWriter<TRow>).GetMethod(nameof(Scalar), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_array = typeof(RowWriter<TRow>).GetMethod(nameof(ArrayMember), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_vbuffer = typeof(RowWriter<TRow>).GetMethod(nameof(VBufferMember), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly (DataViewSchema.Column Column, Action<TRow, ColumnBuffer, int> Write)[] _writers;

    public RowWriter(DataViewSchema schema, TypeSchema types, bool ignoreMissingColumns)
    {
        var writers = new List<(DataViewSchema.Column, Action<TRow, ColumnBuffer, int>)>();
        foreach (PocoMember m in types.Members)
        {
            if (schema.GetColumnOrNull(m.ColumnName) is not { } column)
            {
                if (ignoreMissingColumns)
                {
                    continue;
                }

                throw SchemaErrors.Missing(schema, m.ColumnName, $"'{typeof(TRow).Name}.{m.Info.Name}'");
            }

            CheckCompatible(m, column);
            writers.Add((column, Make(m)));
        }

        _writers = writers.ToArray();
    }

    public IReadOnlyList<DataViewSchema.Column> Columns => _writers.Select(w => w.Column).ToArray();

    /// <summary>Sets the members of <paramref name="row"/> from row <paramref name="index"/> of <paramref name="batch"/>.</summary>
    public void Write(DataViewBatch batch, int index, TRow row)
    {
        foreach ((DataViewSchema.Column column, Action<TRow, ColumnBuffer, int> write) in _writers)
        {
            write(row, batch[column.Index]!, index);
        }
    }

    public IEnumerable<TRow> Enumerate(IDataView data, bool reuseRowObject)
    {
        using DataViewBatchCursor cursor = data.GetBatchCursor(Columns);
        TRow? shared = reuseRowObject ? new TRow() : null;
        while (cursor.MoveNext())
        {
            for (int r = 0; r < cursor.Batch.RowCount; r++)
            {
                TRow row = shared ?? new TRow();
                Write(cursor.Batch, r, row);
                yield return row;
            }
        }
    }

    private static void CheckCompatible(PocoMember m, DataViewSchema.Column column)
    {
        DataViewType want = m.ColumnType;
        DataViewType have = column.Type;
        bool ok = want is VectorDataViewType wv
            ? have is VectorDataViewType hv && ColumnBuffers.ItemType(want).RawType == hv.ItemType.RawType && (!wv.IsKnownSize || wv.Size == hv.Size)
            : have is not VectorDataViewType && have.RawType == want.RawType;
        if (!ok)
        {
            throw SchemaErrors.Mismatch(column.Name, $"{want} for member '{typeof(TRow).Name}.{m.Info.Name}'", have, "output");
        }
    }

    private static Action<TRow, ColumnBuffer, int> Make(PocoMember m)
    {
        if (m.MemberType == typeof(string))
        {
            Action<TRow, string> set = PocoAccess.Setter<TRow, string>(m.Info);
            return (row, buffer, i) => set(row, ((ColumnBuffer<ReadOnlyMemory<char>>)buffer).Values[i].ToString());
        }

        if (m.MemberType == typeof(string[]))
        {
            Action<TRow, string[]> set = PocoAccess.Setter<TRow, string[]>(m.Info);
            return (row, buffer, i) =>
            {
                ReadOnlySpan<ReadOnlyMemory<char>> items = ((ColumnBuffer<ReadOnlyMemory<char>>)buffer).GetRow(i);
                var values = new string[items.Length];
                for (int k = 0; k < items.Length; k++)
                {
                    values[k] = items[k].ToString();
                }

                set(row, values);
            };
        }

        Type? item = TypeSchema.VectorItemType(m.MemberType);
        MethodInfo factory = item is null ? s_scalar.MakeGenericMethod(m.MemberType)
            : m.MemberType.IsArray ? s_array.MakeGenericMethod(item)
            : s_vbuffer.MakeGenericMethod(item);
        return (Action<TRow, ColumnBuffer, int>)factory.Invoke(null, [m])!;
    }

    private static Action<TRow, ColumnBuffer, int> Scalar<T>(PocoMember m)
    {
        Action<TRow, T> set = PocoAccess.Setter<TRow, T>(m.Info);
        return (row, buffer, i) => set(row, ((ColumnBuffer<T>)buffer).Values[i]);
    }

    private static Action<TRow, ColumnBuffer, int> ArrayMember<T>(PocoMember m)
    {
        Action<TRow, T[]> set = PocoAccess.Setter<TRow, T[]>(m.Info);
        return (row, buffer, i) => set(row, ((ColumnBuffer<T>)buffer).GetRow(i).ToArray());
    }

    private static Action<TRow, ColumnBuffer, int> VBufferMember<T>(PocoMember m)
    {
        Action<TRow, VBuffer<T>> set = PocoAccess.Setter<TRow, VBuffer<T>>(m.Info);
        return (row, buffer, i) =>
        {
            T[] values = ((ColumnBuffer<T>)buffer).GetRow(i).ToArray();
            set(row, new VBuffer<T>(values.Length, values));
        };
    }
}
