namespace MLNet.NeuralExtensions.Persistence;

/// <summary>The input schema stored beside a model, saved through the same checked entry format as components.</summary>
internal sealed class InputSchemaEntry : ICanSaveModel
{
    internal const string LoaderSignature = "InputSchema";

    public InputSchemaEntry(DataViewSchema? schema) => Schema = schema;

    public DataViewSchema? Schema { get; }

    public void Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        ctx.Writer.Write(Schema is not null);
        if (Schema is not null)
        {
            SchemaCodec.Write(ctx.Writer, Schema);
        }
    }

    internal static InputSchemaEntry Load(ModelLoadContext ctx) =>
        new(ctx.Reader.ReadBoolean() ? SchemaCodec.Read(ctx.Reader) : null);
}
