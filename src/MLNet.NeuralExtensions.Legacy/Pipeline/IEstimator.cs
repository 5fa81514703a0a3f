using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

/// <summary>Learns a transformer from data.</summary>
/// <typeparam name="TTransformer">The transformer produced by <see cref="Fit"/>.</typeparam>
public interface IEstimator<out TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Trains on <paramref name="input"/> and returns the fitted transformer.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted transformer.</returns>
    TTransformer Fit(IDataView input);

    /// <summary>Gets the shape of the columns that the fitted transformer will output, without reading data.</summary>
    /// <param name="inputSchema">The shape of the input columns.</param>
    /// <returns>The output shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type; the message names it.</exception>
    SchemaShape GetOutputSchema(SchemaShape inputSchema);
}
