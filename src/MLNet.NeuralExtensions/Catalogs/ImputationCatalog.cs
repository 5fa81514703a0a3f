using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions;

/// <summary>
/// Imputers ML.NET does not have, as extension methods of <c>mlContext.Transforms</c> beside ML.NET's
/// <c>ReplaceMissingValues</c> (default value, mean, minimum, maximum, mode) and <c>IndicateMissingValues</c>: the median,
/// the nearest neighbours' values and round-robin ridge regression, as scikit-learn's SimpleImputer(median), KNNImputer
/// and IterativeImputer(Ridge) compute them. Each reads Single or Double columns, where NaN is a missing value, writes a
/// column of the input's type, and is saved in ML.NET model files and exported to ONNX by <c>mlContext.Model.ConvertToOnnx</c>.
/// </summary>
public static class ImputationCatalog
{
    /// <summary>Replaces missing values by the training median of the column, of each slot of a vector column when
    /// <paramref name="imputeBySlot"/> is true.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to write; of the input's type.</param>
    /// <param name="inputColumnName">The column to read: Single or Double, or a known-size vector of them; null (the
    /// default) reads <paramref name="outputColumnName"/>.</param>
    /// <param name="imputeBySlot">Whether each slot of a vector has its own median (the default, true) or one median of
    /// all slots serves them all. Ignored for scalars.</param>
    /// <returns>The estimator.</returns>
    public static MedianImputingEstimator ReplaceMissingValuesByMedian(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        bool imputeBySlot = true) =>
        ReplaceMissingValuesByMedian(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName ?? outputColumnName)], imputeBySlot);

    /// <summary>Replaces missing values by the training median of each column, of each slot of a vector column when
    /// <paramref name="imputeBySlot"/> is true.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input columns; each input is Single or Double, or a known-size vector of them.</param>
    /// <param name="imputeBySlot">Whether each slot of a vector has its own median (the default, true) or one median of
    /// all slots serves them all. Ignored for scalars.</param>
    /// <returns>The estimator.</returns>
    public static MedianImputingEstimator ReplaceMissingValuesByMedian(this TransformsCatalog catalog, InputOutputColumnPair[] columns, bool imputeBySlot = true)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        return new MedianImputingEstimator(catalog.GetEnvironment(), columns, imputeBySlot);
    }

    /// <summary>Fills each missing slot of a vector column with the mean of that slot over the nearest training rows
    /// that have it, by nan-euclidean distance, as scikit-learn's KNNImputer.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to write; of the input's type.</param>
    /// <param name="inputColumnName">The column to read: a known-size vector of Single or Double; null (the default)
    /// reads <paramref name="outputColumnName"/>.</param>
    /// <param name="numberOfNeighbors">How many donors fill a slot (default 5, scikit-learn's); at least 1.</param>
    /// <param name="weighting">How the donors are averaged (default <see cref="NearestNeighborImputingEstimator.Weighting.Uniform"/>).</param>
    /// <returns>The estimator.</returns>
    public static NearestNeighborImputingEstimator ReplaceMissingValuesByNearestNeighbors(this TransformsCatalog catalog, string outputColumnName,
        string? inputColumnName = null, int numberOfNeighbors = NearestNeighborImputingEstimator.Defaults.NumberOfNeighbors,
        NearestNeighborImputingEstimator.Weighting weighting = NearestNeighborImputingEstimator.Defaults.NeighborWeighting)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        return new NearestNeighborImputingEstimator(catalog.GetEnvironment(), new InputOutputColumnPair(outputColumnName, inputColumnName ?? outputColumnName),
            numberOfNeighbors, weighting);
    }

    /// <summary>Imputes a vector column by round-robin ridge regression of each slot on the others, as scikit-learn's
    /// <c>IterativeImputer(estimator=Ridge(alpha))</c>, with its defaults.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to write; of the input's type.</param>
    /// <param name="inputColumnName">The column to read: a known-size vector of Single or Double; null (the default)
    /// reads <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumIterations">The most rounds over the slots (default 10, scikit-learn's max_iter); 0 keeps the
    /// initial values.</param>
    /// <param name="tolerance">The rounds stop once no row changes by more than this times the largest present magnitude
    /// (default 1e-3, scikit-learn's tol); at least 0.</param>
    /// <param name="l2Regularization">The ridge penalty α (default 1, scikit-learn's Ridge); above 0.</param>
    /// <param name="imputationOrder">The order the slots are regressed in each round (default
    /// <see cref="IterativeImputingEstimator.Order.Ascending"/>, fewest missing values first).</param>
    /// <param name="initialValues">What fills the missing values before the first round (default
    /// <see cref="IterativeImputingEstimator.InitialValue.Mean"/>).</param>
    /// <returns>The estimator.</returns>
    public static IterativeImputingEstimator ReplaceMissingValuesIteratively(this TransformsCatalog catalog, string outputColumnName,
        string? inputColumnName = null, int maximumIterations = IterativeImputingEstimator.Defaults.MaximumIterations,
        double tolerance = IterativeImputingEstimator.Defaults.Tolerance, double l2Regularization = IterativeImputingEstimator.Defaults.L2Regularization,
        IterativeImputingEstimator.Order imputationOrder = IterativeImputingEstimator.Defaults.ImputationOrder,
        IterativeImputingEstimator.InitialValue initialValues = IterativeImputingEstimator.Defaults.InitialValues)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        return new IterativeImputingEstimator(catalog.GetEnvironment(), new InputOutputColumnPair(outputColumnName, inputColumnName ?? outputColumnName),
            new IterativeImputingEstimator.Settings(maximumIterations, tolerance, l2Regularization, imputationOrder, initialValues));
    }
}
