namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// 1-D average pooling over channels-first examples of [channels × length]: each window of each channel becomes the mean of the real (unpadded) values.
/// Keras' AveragePooling1D with <c>data_format="channels_first"</c>. ONNX: AveragePool.
/// </summary>
public sealed class AveragePooling1D : PoolingLayer
{
    /// <summary>Creates a 1-D average pooling layer.</summary>
    /// <param name="poolSize">The window length; default 2.</param>
    /// <param name="strides">The step between windows; default <paramref name="poolSize"/>.</param>
    /// <param name="padding">Default <see cref="Padding.Valid"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is less than 1.</exception>
    public AveragePooling1D(int poolSize = 2, int? strides = null, Padding padding = Padding.Valid)
        : base(max: false, (1, poolSize), strides is int s ? (1, s) : null, padding)
    {
    }

    internal override string TypeName => "AveragePooling1D";

    private protected override int SpatialRank => 1;

    internal static AveragePooling1D ReadConfig(BinaryReader reader)
        => ReadConfig(reader, (size, step, padding) => new AveragePooling1D(size.Width, step.Width, padding));
}
