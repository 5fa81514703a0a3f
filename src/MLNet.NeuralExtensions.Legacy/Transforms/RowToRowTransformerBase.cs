using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Base of the transformers that add or replace columns row by row, without adding or removing rows.</summary>
public abstract class RowToRowTransformerBase : ITransformer
{
    private protected RowToRowTransformerBase()
    {
    }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return MakeMapper(inputSchema).OutputSchema;
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, MakeMapper(input.Schema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => SaveModel(ctx);

    /// <summary>Validates <paramref name="inputSchema"/> and describes the computed columns.</summary>
    private protected abstract ColumnMapper MakeMapper(DataViewSchema inputSchema);

    /// <summary>Writes the transformer's parameters.</summary>
    private protected abstract void SaveModel(ModelSaveContext ctx);
}
