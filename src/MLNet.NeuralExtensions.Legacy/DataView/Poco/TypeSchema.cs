using System.Reflection;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>The columns that the public fields and properties of a class map to.</summary>
internal sealed class TypeSchema
{
    private TypeSchema(Type type, IReadOnlyList<PocoMember> members)
    {
        Type = type;
        Members = members;
    }

    public Type Type { get; }

    public IReadOnlyList<PocoMember> Members { get; }

    /// <summary>Reads the column mapping of <paramref name="type"/>.</summary>
    /// <param name="type">The class.</param>
    /// <param name="forTextLoading">Whether members need <see cref="LoadColumnAttribute"/> (text loading).</param>
    public static TypeSchema Create(Type type, bool forTextLoading = false)
    {
        var members = new List<PocoMember>();
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        IEnumerable<MemberInfo> candidates = type.GetFields(flags).Cast<MemberInfo>()
            .Concat(type.GetProperties(flags).Where(p => p.GetIndexParameters().Length == 0));
        foreach (MemberInfo info in candidates.OrderBy(m => m.MetadataToken))
        {
            if (info.GetCustomAttribute<NoColumnAttribute>() is not null)
            {
                continue;
            }

            Type memberType = info is FieldInfo f ? f.FieldType : ((PropertyInfo)info).PropertyType;
            string name = info.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? info.Name;
            LoadColumnAttribute? load = info.GetCustomAttribute<LoadColumnAttribute>();
            if (forTextLoading && load is null)
            {
                throw new InvalidOperationException($"Member '{type.Name}.{info.Name}' has no [LoadColumn] attribute; mark it [NoColumn] to leave it out of the text file.");
            }

            DataViewType columnType = ColumnTypeOf(type, info, memberType, load);
            members.Add(new PocoMember(name, info, memberType, columnType, load?.Sources));
        }

        if (members.Count == 0)
        {
            throw new InvalidOperationException($"Type '{type.Name}' has no public fields or properties to map to columns.");
        }

        var duplicate = members.GroupBy(m => m.ColumnName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Type '{type.Name}' maps more than one member to column '{duplicate.Key}'.");
        }

        return new TypeSchema(type, members);
    }

    /// <summary>Gets the primitive column type of a .NET item type, or null when there is none.</summary>
    internal static PrimitiveDataViewType? PrimitiveTypeOf(Type t) =>
        t == typeof(float) ? NumberDataViewType.Single :
        t == typeof(double) ? NumberDataViewType.Double :
        t == typeof(int) ? NumberDataViewType.Int32 :
        t == typeof(long) ? NumberDataViewType.Int64 :
        t == typeof(uint) ? NumberDataViewType.UInt32 :
        t == typeof(bool) ? BooleanDataViewType.Instance :
        t == typeof(string) || t == typeof(ReadOnlyMemory<char>) ? TextDataViewType.Instance :
        null;

    /// <summary>Gets the item type of an array or VBuffer member type, or null for scalars.</summary>
    internal static Type? VectorItemType(Type memberType) =>
        memberType.IsArray ? memberType.GetElementType() :
        memberType.IsGenericType && memberType.GetGenericTypeDefinition() == typeof(VBuffer<>) ? memberType.GetGenericArguments()[0] :
        null;

    private static DataViewType ColumnTypeOf(Type owner, MemberInfo info, Type memberType, LoadColumnAttribute? load)
    {
        KeyTypeAttribute? key = info.GetCustomAttribute<KeyTypeAttribute>();
        Type? itemClr = VectorItemType(memberType);
        Type scalarClr = itemClr ?? memberType;
        PrimitiveDataViewType item = PrimitiveTypeOf(scalarClr) ?? throw new NotSupportedException(
            $"Member '{owner.Name}.{info.Name}' has type {memberType.Name}, which maps to no column type; use float, double, int, long, uint, bool, string, or arrays/VBuffers of them.");
        if (key is not null)
        {
            if (scalarClr != typeof(uint))
            {
                throw new NotSupportedException($"Member '{owner.Name}.{info.Name}' has [KeyType] but is {memberType.Name}; key members must be uint.");
            }

            item = new KeyDataViewType(typeof(uint), key.Count);
        }

        if (itemClr is null)
        {
            if (load is { IsRange: true } || load?.Sources.Count > 1)
            {
                throw new InvalidOperationException($"Member '{owner.Name}.{info.Name}' loads {load.Sources.Count} file columns but is a scalar {memberType.Name}; make it an array.");
            }

            return item;
        }

        VectorTypeAttribute? vector = info.GetCustomAttribute<VectorTypeAttribute>();
        if (vector is { Dimensions.Count: > 0 })
        {
            var vt = new VectorDataViewType(item, vector.Dimensions.ToArray());
            if (load is not null && load.Sources.Count != vt.Size)
            {
                throw new InvalidOperationException($"Member '{owner.Name}.{info.Name}' is declared [VectorType] of size {vt.Size} but loads {load.Sources.Count} file columns.");
            }

            return vt;
        }

        return load is not null ? new VectorDataViewType(item, load.Sources.Count) : new VectorDataViewType(item);
    }
}

/// <summary>One member of a class and the column it maps to.</summary>
internal sealed record PocoMember(string ColumnName, MemberInfo Info, Type MemberType, DataViewType ColumnType, IReadOnlyList<int>? LoadSources);
