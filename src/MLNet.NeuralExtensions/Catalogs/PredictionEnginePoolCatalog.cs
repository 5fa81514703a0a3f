using Microsoft.ML;

namespace MLNet.NeuralExtensions;

/// <summary>The thread-safe prediction-engine pool, as an extension method of ML.NET's model operations.</summary>
public static class PredictionEnginePoolCatalog
{
    /// <summary>A thread-safe pool of ML.NET prediction engines over <paramref name="model"/>; see
    /// <see cref="PredictionEnginePool{TSrc, TDst}"/>.</summary>
    /// <typeparam name="TSrc">The input class.</typeparam>
    /// <typeparam name="TDst">The output class.</typeparam>
    /// <param name="catalog">ML.NET's model operations.</param>
    /// <param name="model">A fitted model whose transformers are all row-to-row mappers (as for ML.NET's own engine).</param>
    /// <param name="ignoreMissingColumns">Whether output columns missing from the model are left unset; default true,
    /// as ML.NET's <c>CreatePredictionEngine</c>.</param>
    /// <returns>The pool.</returns>
    public static PredictionEnginePool<TSrc, TDst> CreatePredictionEnginePool<TSrc, TDst>(this ModelOperationsCatalog catalog, ITransformer model, bool ignoreMissingColumns = true)
        where TSrc : class
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        var options = new PredictionEngineOptions { IgnoreMissingColumns = ignoreMissingColumns, OwnsTransformer = false };
        return new PredictionEnginePool<TSrc, TDst>(() => catalog.CreatePredictionEngine<TSrc, TDst>(model, options));
    }
}
