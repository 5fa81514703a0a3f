using System.Collections.Immutable;

namespace MLNet.NeuralExtensions.Transforms;

/// <content>The fitted parameters of each normalized column, in ML.NET's public form.</content>
public sealed partial class NormalizingTransformer
{
    /// <summary>
    /// The fitted parameters of one normalized column, from <see cref="GetNormalizerModelParameters"/>. The concrete type's
    /// <c>TData</c> is the column's item type (<see cref="float"/> or <see cref="double"/>) for a scalar column, and an
    /// <see cref="ImmutableArray{T}"/> of it, one item per slot, for a vector column.
    /// </summary>
    public abstract class NormalizerModelParametersBase
    {
        private protected NormalizerModelParametersBase()
        {
        }
    }

    /// <summary>Parameters of the affine normalizers (min-max, max-abs, mean-variance, robust scaling): y = (x − <see cref="Offset"/>) · <see cref="Scale"/>.</summary>
    /// <typeparam name="TData">The item type, or an immutable array of it for a vector column.</typeparam>
    /// <remarks>For <c>NormalizeLogMeanVariance</c> without CDF the map applies to ln x instead of x.</remarks>
    public sealed class AffineNormalizerModelParameters<TData> : NormalizerModelParametersBase
    {
        internal AffineNormalizerModelParameters(TData scale, TData offset)
        {
            Scale = scale;
            Offset = offset;
        }

        /// <summary>Gets the factor applied after the offset is subtracted; 0 for a slot that was constant or empty.</summary>
        public TData Scale { get; }

        /// <summary>Gets the value subtracted first; 0 when zero is fixed.</summary>
        public TData Offset { get; }
    }

    /// <summary>Parameters of the CDF normalizers: y = Φ((v − <see cref="Mean"/>) / <see cref="StandardDeviation"/>), v = x or ln x.</summary>
    /// <typeparam name="TData">The item type, or an immutable array of it for a vector column.</typeparam>
    public sealed class CdfNormalizerModelParameters<TData> : NormalizerModelParametersBase
    {
        internal CdfNormalizerModelParameters(TData mean, TData standardDeviation, bool useLog)
        {
            Mean = mean;
            StandardDeviation = standardDeviation;
            UseLog = useLog;
        }

        /// <summary>Gets the mean of the training values (of their logarithms when <see cref="UseLog"/>).</summary>
        public TData Mean { get; }

        /// <summary>Gets the population standard deviation of the training values (of their logarithms when <see cref="UseLog"/>).</summary>
        public TData StandardDeviation { get; }

        /// <summary>Gets whether the distribution is fitted to ln x (log-normal); then x ≤ 0 maps to 0.</summary>
        public bool UseLog { get; }
    }

    /// <summary>Parameters of the binning normalizer: y = bin · <see cref="Density"/> − <see cref="Offset"/>.</summary>
    /// <typeparam name="TData">The item type, or an immutable array of it for a vector column.</typeparam>
    public sealed class BinNormalizerModelParameters<TData> : NormalizerModelParametersBase
    {
        internal BinNormalizerModelParameters(ImmutableArray<TData> upperBounds, TData density, TData offset)
        {
            UpperBounds = upperBounds;
            Density = density;
            Offset = offset;
        }

        /// <summary>Gets each bin's upper bound in ascending order, the last being +∞ (one such list per slot for a vector column).
        /// A value equal to a bound belongs to the bin it bounds.</summary>
        public ImmutableArray<TData> UpperBounds { get; }

        /// <summary>Gets the step between consecutive bins' outputs: 1 / (bins − 1), or 0 with a single bin.</summary>
        public TData Density { get; }

        /// <summary>Gets the value subtracted so that zero maps to zero when zero is fixed; otherwise 0.</summary>
        public TData Offset { get; }
    }
}
