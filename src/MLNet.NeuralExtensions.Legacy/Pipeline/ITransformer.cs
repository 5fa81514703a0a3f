namespace MLNet.NeuralExtensions;

/// <summary>Transforms data lazily; a fitted pipeline or one step of it.</summary>
/// <remarks>Transformers are immutable and safe to share between threads.</remarks>
public interface ITransformer : ICanSaveModel
{
    /// <summary>Gets whether the transformer maps each row on its own (no rows added or removed at scoring time).</summary>
    bool IsRowToRowMapper { get; }

    /// <summary>Gets the output schema for an input schema, validating it.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <returns>The schema of the transformed data.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type; the message names it.</exception>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

    /// <summary>Applies the transformation. Only the schema is checked now; rows are computed when read.</summary>
    /// <param name="input">The data to transform.</param>
    /// <returns>A view of the transformed data.</returns>
    IDataView Transform(IDataView input);
}
