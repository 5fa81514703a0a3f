using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

/// <summary>
/// Lets estimators check a <see cref="SchemaShape"/> with the same code that checks a real schema: a shape
/// becomes a stand-in schema (vectors of size 1, keys of one category, annotations with placeholder values),
/// is run through the transformer's schema logic, and the result is turned back into a shape.
/// </summary>
internal static class SchemaShapeBridge
{
    public static DataViewSchema ToSchema(SchemaShape shape)
    {
        var builder = new DataViewSchema.Builder();
        foreach (SchemaShape.Column c in shape)
        {
            var annotations = new DataViewSchema.Annotations.Builder();
            foreach (SchemaShape.Column a in c.Annotations)
            {
                DataViewType annotationType = TypeOf(a);
                annotations.AddRaw(a.Name, annotationType, Placeholder(annotationType));
            }

            builder.AddColumn(c.Name, TypeOf(c), annotations.ToAnnotations());
        }

        return builder.ToSchema();
    }

    public static SchemaShape Propagate(SchemaShape input, Func<DataViewSchema, DataViewSchema> getOutputSchema) =>
        SchemaShape.Create(getOutputSchema(ToSchema(input)));

    /// <summary><paramref name="schema"/> with <paramref name="columns"/> added after its columns (hiding any of the same name).</summary>
    public static DataViewSchema Append(DataViewSchema schema, params IEnumerable<(string Name, DataViewType Type)> columns)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(schema);
        foreach (var (name, type) in columns)
        {
            builder.AddColumn(name, type);
        }

        return builder.ToSchema();
    }

    /// <summary>Describes a type the way schema shapes do (without sizes), for error messages.</summary>
    public static string Describe(DataViewType type)
    {
        PrimitiveDataViewType item = type is VectorDataViewType v ? v.ItemType : (PrimitiveDataViewType)type;
        string itemText = item is KeyDataViewType ? "Key<UInt32>" : item.ToString()!;
        return type switch
        {
            VectorDataViewType { IsKnownSize: true } => $"Vector<{itemText}>",
            VectorDataViewType => $"VarVector<{itemText}>",
            _ => itemText,
        };
    }

    private static DataViewType TypeOf(SchemaShape.Column c)
    {
        PrimitiveDataViewType item = c.IsKey ? new KeyDataViewType(typeof(uint), 1) : (PrimitiveDataViewType)c.ItemType;
        return c.Kind switch
        {
            SchemaShape.VectorKind.Vector => new VectorDataViewType(item, 1),
            SchemaShape.VectorKind.VariableVector => new VectorDataViewType(item),
            _ => item,
        };
    }

    private static object Placeholder(DataViewType type)
    {
        if (type is VectorDataViewType v)
        {
            Type raw = v.ItemType.RawType;
            var array = Array.CreateInstance(raw, v.Size);
            for (int i = 0; i < v.Size; i++)
            {
                array.SetValue(Placeholder(v.ItemType), i);
            }

            return Activator.CreateInstance(typeof(VBuffer<>).MakeGenericType(raw), v.Size, array, null)!;
        }

        return type.RawType == typeof(ReadOnlyMemory<char>) ? ReadOnlyMemory<char>.Empty : Activator.CreateInstance(type.RawType)!;
    }
}
