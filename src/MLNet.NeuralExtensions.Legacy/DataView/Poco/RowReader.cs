using System.Reflection;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>Writes the members of objects into the column buffers of a batch.</summary>
internal sealed class RowReader<TRow>
{
    private static readonly MethodInfo s_scalar = typeof(RowReader<TRow>).GetMethod(nameof(Scalar), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_array = typeof(RowReader<TRow>).GetMethod(nameof(Array), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_vbuffer = typeof(RowReader<TRow>).GetMethod(nameof(VBufferMember), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly Action<TRow, ColumnBuffer, int>[] _readers;

    public RowReader(TypeSchema schema)
    {
        _readers = schema.Members.Select(Make).ToArray();
    }

    /// <summary>Writes <paramref name="row"/> as row <paramref name="index"/> of the active buffers (null entries are skipped).</summary>
    public void Read(TRow row, ColumnBuffer?[] buffers, int index)
    {
        for (int i = 0; i < _readers.Length; i++)
        {
            if (buffers[i] is { } buffer)
            {
                _readers[i](row, buffer, index);
            }
        }
    }

    private static Action<TRow, ColumnBuffer, int> Make(PocoMember member)
    {
        if (member.MemberType == typeof(string))
        {
            Func<TRow, string> get = PocoAccess.Getter<TRow, string>(member.Info);
            return (row, buffer, i) => ((ColumnBuffer<ReadOnlyMemory<char>>)buffer).RowForWriting(i)[0] = (get(row) ?? string.Empty).AsMemory();
        }

        if (member.MemberType == typeof(string[]))
        {
            Func<TRow, string[]> get = PocoAccess.Getter<TRow, string[]>(member.Info);
            int width = ((VectorDataViewType)member.ColumnType).Size;
            return (row, buffer, i) =>
            {
                string[] values = get(row) ?? [];
                Span<ReadOnlyMemory<char>> target = Target((ColumnBuffer<ReadOnlyMemory<char>>)buffer, i, width, values.Length, member);
                for (int k = 0; k < values.Length; k++)
                {
                    target[k] = (values[k] ?? string.Empty).AsMemory();
                }
            };
        }

        Type? item = TypeSchema.VectorItemType(member.MemberType);
        MethodInfo factory = item is null ? s_scalar.MakeGenericMethod(member.MemberType)
            : member.MemberType.IsArray ? s_array.MakeGenericMethod(item)
            : s_vbuffer.MakeGenericMethod(item);
        return (Action<TRow, ColumnBuffer, int>)factory.Invoke(null, [member])!;
    }

    private static Action<TRow, ColumnBuffer, int> Scalar<T>(PocoMember member)
    {
        Func<TRow, T> get = PocoAccess.Getter<TRow, T>(member.Info);
        return (row, buffer, i) => ((ColumnBuffer<T>)buffer).RowForWriting(i)[0] = get(row);
    }

    private static Action<TRow, ColumnBuffer, int> Array<T>(PocoMember member)
    {
        Func<TRow, T[]> get = PocoAccess.Getter<TRow, T[]>(member.Info);
        int width = ((VectorDataViewType)member.ColumnType).Size;
        return (row, buffer, i) =>
        {
            T[] values = get(row) ?? [];
            values.CopyTo(Target((ColumnBuffer<T>)buffer, i, width, values.Length, member));
        };
    }

    private static Action<TRow, ColumnBuffer, int> VBufferMember<T>(PocoMember member)
    {
        Func<TRow, VBuffer<T>> get = PocoAccess.Getter<TRow, VBuffer<T>>(member.Info);
        int width = ((VectorDataViewType)member.ColumnType).Size;
        return (row, buffer, i) =>
        {
            VBuffer<T> value = get(row);
            value.CopyTo(Target((ColumnBuffer<T>)buffer, i, width, value.Length, member));
        };
    }

    private static Span<T> Target<T>(ColumnBuffer<T> buffer, int row, int width, int length, PocoMember member)
    {
        if (width == 0)
        {
            return buffer.AppendRow(length);
        }

        if (length != width)
        {
            throw new InvalidOperationException($"Member '{member.Info.Name}' holds {length} values; its column '{member.ColumnName}' is {member.ColumnType}.");
        }

        return buffer.RowForWriting(row);
    }
}
