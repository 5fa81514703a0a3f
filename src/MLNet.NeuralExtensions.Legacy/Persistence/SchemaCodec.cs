namespace MLNet.NeuralExtensions.Persistence;

/// <summary>Binary encoding of a schema: columns, types and annotations.</summary>
internal static class SchemaCodec
{
    public static void Write(BinaryWriter w, DataViewSchema schema)
    {
        w.Write(schema.Count);
        foreach (DataViewSchema.Column c in schema)
        {
            w.Write(c.Name);
            ValueCodec.WriteType(w, c.Type);
            WriteAnnotations(w, c.Annotations);
        }
    }

    public static DataViewSchema Read(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count < 0 || count > r.BaseStream.Length)
        {
            throw new FormatException($"The schema declares {count} columns.");
        }

        var builder = new DataViewSchema.Builder();
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            var type = ValueCodec.ReadType(r);
            builder.AddColumn(name, type, ReadAnnotations(r));
        }

        return builder.ToSchema();
    }

    public static void WriteAnnotations(BinaryWriter w, DataViewSchema.Annotations annotations)
    {
        w.Write(annotations.Schema.Count);
        foreach (DataViewSchema.Column a in annotations.Schema)
        {
            w.Write(a.Name);
            ValueCodec.WriteType(w, a.Type);
            annotations.TryGetRaw(a.Name, out object? value);
            ValueCodec.WriteValue(w, a.Type, value!);
        }
    }

    public static DataViewSchema.Annotations ReadAnnotations(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count < 0 || count > r.BaseStream.Length)
        {
            throw new FormatException($"A column declares {count} annotations.");
        }

        var builder = new DataViewSchema.Annotations.Builder();
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            var type = ValueCodec.ReadType(r);
            builder.AddRaw(name, type, ValueCodec.ReadValue(r, type));
        }

        return builder.ToAnnotations();
    }
}
