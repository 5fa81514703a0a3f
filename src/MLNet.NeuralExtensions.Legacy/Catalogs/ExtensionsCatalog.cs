using MLNet.NeuralExtensions.Transforms;
using ReplacementMode = MLNet.NeuralExtensions.Transforms.MissingValueReplacingEstimator.ReplacementMode;

namespace MLNet.NeuralExtensions;

/// <summary>
/// Missing-value transforms, as extension methods of <c>mlContext.Transforms</c> (ML.NET's class name). They read Single
/// or Double columns, where NaN is the missing value; text and categorical missing values are handled by the categorical
/// transforms. A null input column name means the output column's name (the column is replaced).
/// </summary>
public static class ExtensionsCatalog
{
    /// <summary>Replaces NaN by a value learned from the training data: 0, the mean, minimum, maximum, most frequent value or median.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The column to impute; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="replacementMode">What replaces NaN; <see cref="ReplacementMode.DefaultValue"/> (0) by default.</param>
    /// <param name="imputeBySlot">Whether a vector column gets one value per slot (the default) rather than one for the whole column.</param>
    /// <returns>The estimator.</returns>
    public static MissingValueReplacingEstimator ReplaceMissingValues(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        ReplacementMode replacementMode = ReplacementMode.DefaultValue, bool imputeBySlot = true) =>
        ReplaceMissingValues(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], replacementMode, imputeBySlot);

    /// <summary>Replaces NaN in several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <param name="replacementMode">What replaces NaN; <see cref="ReplacementMode.DefaultValue"/> (0) by default.</param>
    /// <param name="imputeBySlot">Whether a vector column gets one value per slot (the default).</param>
    /// <returns>The estimator.</returns>
    public static MissingValueReplacingEstimator ReplaceMissingValues(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        ReplacementMode replacementMode = ReplacementMode.DefaultValue, bool imputeBySlot = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new MissingValueReplacingEstimator(columns, replacementMode, imputeBySlot);
    }

    /// <summary>Creates a Boolean column (or vector) that is true where the input is NaN.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The indicator column to create.</param>
    /// <param name="inputColumnName">The column to inspect; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <returns>The estimator.</returns>
    public static MissingValueIndicatorEstimator IndicateMissingValues(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null) =>
        IndicateMissingValues(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)]);

    /// <summary>Creates missing-value indicators for several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <returns>The estimator.</returns>
    public static MissingValueIndicatorEstimator IndicateMissingValues(this TransformsCatalog catalog, InputOutputColumnPair[] columns)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new MissingValueIndicatorEstimator(columns);
    }

    /// <summary>Fills each NaN slot of a vector column from the nearest training rows that have it (nan-euclidean distance), as scikit-learn's KNNImputer.
    /// The training rows are kept in the model; the transform does not export to ONNX.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The known-size vector column to impute; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="numberOfNeighbors">How many neighbours are averaged; 5 by default.</param>
    /// <param name="weighting">How neighbours are weighted; uniformly by default.</param>
    /// <returns>The estimator.</returns>
    public static NearestNeighborImputingEstimator ReplaceMissingValuesByNearestNeighbors(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        int numberOfNeighbors = 5, NearestNeighborImputingEstimator.Weighting weighting = NearestNeighborImputingEstimator.Weighting.Uniform)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NearestNeighborImputingEstimator(new InputOutputColumnPair(outputColumnName, inputColumnName), numberOfNeighbors, weighting);
    }

    /// <summary>Imputes a vector column by round-robin ridge regression of each slot on the others, as scikit-learn's IterativeImputer
    /// with a Ridge estimator; exports to ONNX.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The known-size vector column to impute; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumIterations">The most rounds over the slots; 10 by default.</param>
    /// <param name="tolerance">Rounds stop when no row changes by more than this fraction of the largest present magnitude (as a sum over its slots); 1e-3 by default.</param>
    /// <param name="l2Regularization">The ridge penalty α of every regression, greater than 0; 1 by default.</param>
    /// <returns>The estimator.</returns>
    public static IterativeImputingEstimator ReplaceMissingValuesIteratively(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        int maximumIterations = 10, double tolerance = 1e-3, double l2Regularization = 1.0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new IterativeImputingEstimator(new InputOutputColumnPair(outputColumnName, inputColumnName), maximumIterations, tolerance, l2Regularization);
    }
}
