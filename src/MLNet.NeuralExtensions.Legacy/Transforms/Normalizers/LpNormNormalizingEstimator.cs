namespace MLNet.NeuralExtensions.Transforms;

/// <summary>The base of the row-wise norm normalizers; holds ML.NET's <see cref="NormFunction"/> names.</summary>
public abstract class LpNormNormalizingEstimatorBase : TrivialEstimator<LpNormNormalizingTransformer>
{
    private protected LpNormNormalizingEstimatorBase(LpNormNormalizingTransformer transformer)
        : base(transformer)
    {
    }

    /// <summary>The norm each row is divided by.</summary>
    public enum NormFunction : byte
    {
        /// <summary>The Euclidean norm √Σx² (the default).</summary>
        L2 = 0,

        /// <summary>The population standard deviation of the row's values, √(Σ(x − mean)² / n).</summary>
        StandardDeviation = 1,

        /// <summary>The sum of absolute values Σ|x|.</summary>
        L1 = 2,

        /// <summary>The largest absolute value max|x|.</summary>
        Infinity = 3,
    }
}

/// <summary>Creates an <see cref="LpNormNormalizingTransformer"/>; nothing is learned.</summary>
public sealed class LpNormNormalizingEstimator : LpNormNormalizingEstimatorBase
{
    internal LpNormNormalizingEstimator(InputOutputColumnPair[] columns, NormFunction norm, bool ensureZeroMean)
        : base(new LpNormNormalizingTransformer(columns, norm, ensureZeroMean))
    {
    }
}
