using MLNet.NeuralExtensions.Transforms;
using NormFunction = MLNet.NeuralExtensions.Transforms.LpNormNormalizingEstimatorBase.NormFunction;

namespace MLNet.NeuralExtensions;

/// <summary>
/// The normalizers, as extension methods of <c>mlContext.Transforms</c>. Each works per slot on Single or Double
/// columns (scalars or known-size vectors), is fitted on the first <c>maximumExampleCount</c> rows of the training
/// data (1,000,000,000 by default), lets NaN through, and exports to ONNX. A null input column name means the output
/// column's name (the column is replaced).
/// </summary>
public static class NormalizationCatalog
{
    private const long DefaultMaximumExampleCount = 1_000_000_000;

    /// <summary>Scales by the training minimum and maximum: to [0, 1], or with <paramref name="fixZero"/> (the default) to [−1, 1] by dividing by the largest magnitude, keeping 0 at 0.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The column to normalize; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="fixZero">Whether 0 must stay 0; <see langword="true"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = DefaultMaximumExampleCount, bool fixZero = true) =>
        NormalizeMinMax(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], maximumExampleCount, fixZero);

    /// <summary>Scales several columns by their training minimum and maximum.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="fixZero">Whether 0 must stay 0; <see langword="true"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        long maximumExampleCount = DefaultMaximumExampleCount, bool fixZero = true) =>
        Create(catalog, columns, c => new MinMaxColumnOptions(c, maximumExampleCount, fixZero));

    /// <summary>Standardizes with the training mean and population standard deviation: (x − mean) / σ without <paramref name="fixZero"/>,
    /// x / √(σ² + mean²) with it (the default, which keeps 0 at 0), or the normal CDF Φ((x − mean) / σ) with <paramref name="useCdf"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The column to normalize; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="fixZero">Whether 0 must stay 0; <see langword="true"/> by default. Pass <see langword="false"/> for scikit-learn's StandardScaler.</param>
    /// <param name="useCdf">Whether to output the normal CDF instead; <see langword="false"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = DefaultMaximumExampleCount, bool fixZero = true, bool useCdf = false) =>
        NormalizeMeanVariance(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], maximumExampleCount, fixZero, useCdf);

    /// <summary>Standardizes several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="fixZero">Whether 0 must stay 0; <see langword="true"/> by default.</param>
    /// <param name="useCdf">Whether to output the normal CDF instead; <see langword="false"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMeanVariance(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        long maximumExampleCount = DefaultMaximumExampleCount, bool fixZero = true, bool useCdf = false) =>
        Create(catalog, columns, c => new MeanVarianceColumnOptions(c, maximumExampleCount, fixZero, useCdf));

    /// <summary>Fits a log-normal distribution to the positive training values and outputs its CDF Φ((ln x − mean) / σ) (x ≤ 0 gives 0),
    /// or without <paramref name="useCdf"/> the standardized logarithm (ln x − mean) / σ.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The column to normalize; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="useCdf">Whether to output the CDF; <see langword="true"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeLogMeanVariance(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = DefaultMaximumExampleCount, bool useCdf = true) =>
        NormalizeLogMeanVariance(catalog, outputColumnName, false, inputColumnName, maximumExampleCount, useCdf);

    /// <summary>Log-normal normalization where, without CDF, <paramref name="fixZero"/> chooses ln x / √(σ² + mean²) over (ln x − mean) / σ.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="fixZero">Whether the standardized logarithm is left uncentered; ignored with <paramref name="useCdf"/>.</param>
    /// <param name="inputColumnName">The column to normalize; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="useCdf">Whether to output the CDF; <see langword="true"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeLogMeanVariance(this TransformsCatalog catalog, string outputColumnName, bool fixZero, string? inputColumnName = null,
        long maximumExampleCount = DefaultMaximumExampleCount, bool useCdf = true) =>
        NormalizeLogMeanVariance(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], fixZero, maximumExampleCount, useCdf);

    /// <summary>Log-normal normalization of several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <param name="fixZero">Whether the standardized logarithm is left uncentered; ignored with <paramref name="useCdf"/>.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="useCdf">Whether to output the CDF; <see langword="true"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeLogMeanVariance(this TransformsCatalog catalog, InputOutputColumnPair[] columns, bool fixZero = false,
        long maximumExampleCount = DefaultMaximumExampleCount, bool useCdf = true) =>
        Create(catalog, columns, c => new LogMeanVarianceColumnOptions(c, maximumExampleCount, fixZero, useCdf));

    /// <summary>Scales by the median and a quantile range, which outliers do not move: (x − median) / (q_max − q_min), as scikit-learn's RobustScaler.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The column to normalize; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="centerData">Whether to subtract the median; <see langword="true"/> by default.</param>
    /// <param name="quantileMin">The lower quantile, in percent; 25 by default.</param>
    /// <param name="quantileMax">The upper quantile, in percent; 75 by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeRobustScaling(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = DefaultMaximumExampleCount, bool centerData = true, uint quantileMin = 25, uint quantileMax = 75) =>
        NormalizeRobustScaling(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], maximumExampleCount, centerData, quantileMin, quantileMax);

    /// <summary>Robust scaling of several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="centerData">Whether to subtract the median; <see langword="true"/> by default.</param>
    /// <param name="quantileMin">The lower quantile, in percent; 25 by default.</param>
    /// <param name="quantileMax">The upper quantile, in percent; 75 by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeRobustScaling(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        long maximumExampleCount = DefaultMaximumExampleCount, bool centerData = true, uint quantileMin = 25, uint quantileMax = 75) =>
        Create(catalog, columns, c => new RobustScalingColumnOptions(c, maximumExampleCount, centerData, quantileMin, quantileMax));

    /// <summary>Divides by the largest training magnitude, into [−1, 1], as scikit-learn's MaxAbsScaler (a slot that is all 0 is left as is).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The column to normalize; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMaxAbs(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = DefaultMaximumExampleCount) =>
        NormalizeMaxAbs(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], maximumExampleCount);

    /// <summary>Max-abs scaling of several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeMaxAbs(this TransformsCatalog catalog, InputOutputColumnPair[] columns, long maximumExampleCount = DefaultMaximumExampleCount) =>
        Create(catalog, columns, c => new MaxAbsColumnOptions(c, maximumExampleCount));

    /// <summary>Replaces values by their equal-frequency bin, scaled to [0, 1] (with <paramref name="fixZero"/>, the default, shifted so 0 stays 0).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The column to normalize; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="fixZero">Whether 0 must stay 0; <see langword="true"/> by default.</param>
    /// <param name="maximumBinCount">The most bins per slot; 1024 by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeBinning(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        long maximumExampleCount = DefaultMaximumExampleCount, bool fixZero = true, int maximumBinCount = 1024) =>
        NormalizeBinning(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], maximumExampleCount, fixZero, maximumBinCount);

    /// <summary>Equal-frequency binning of several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <param name="maximumExampleCount">How many training rows to fit on; 1,000,000,000 by default.</param>
    /// <param name="fixZero">Whether 0 must stay 0; <see langword="true"/> by default.</param>
    /// <param name="maximumBinCount">The most bins per slot; 1024 by default.</param>
    /// <returns>The estimator.</returns>
    public static NormalizingEstimator NormalizeBinning(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        long maximumExampleCount = DefaultMaximumExampleCount, bool fixZero = true, int maximumBinCount = 1024) =>
        Create(catalog, columns, c => new BinningColumnOptions(c, maximumExampleCount, fixZero, maximumBinCount));

    /// <summary>Divides each row of a vector column by its norm, as scikit-learn's Normalizer; nothing is fitted.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The column to create.</param>
    /// <param name="inputColumnName">The vector column; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
    /// <param name="norm">The norm; <see cref="NormFunction.L2"/> by default.</param>
    /// <param name="ensureZeroMean">Whether to subtract each row's mean first; <see langword="false"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static LpNormNormalizingEstimator NormalizeLpNorm(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        NormFunction norm = NormFunction.L2, bool ensureZeroMean = false) =>
        NormalizeLpNorm(catalog, [new InputOutputColumnPair(outputColumnName, inputColumnName)], norm, ensureZeroMean);

    /// <summary>Divides each row of several vector columns by its norm.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The output and input names.</param>
    /// <param name="norm">The norm; <see cref="NormFunction.L2"/> by default.</param>
    /// <param name="ensureZeroMean">Whether to subtract each row's mean first; <see langword="false"/> by default.</param>
    /// <returns>The estimator.</returns>
    public static LpNormNormalizingEstimator NormalizeLpNorm(this TransformsCatalog catalog, InputOutputColumnPair[] columns,
        NormFunction norm = NormFunction.L2, bool ensureZeroMean = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new LpNormNormalizingEstimator(columns, norm, ensureZeroMean);
    }

    private static NormalizingEstimator Create(TransformsCatalog catalog, InputOutputColumnPair[] columns, Func<InputOutputColumnPair, NormalizerColumnOptions> options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        return new NormalizingEstimator([.. columns.Select(options)]);
    }
}
