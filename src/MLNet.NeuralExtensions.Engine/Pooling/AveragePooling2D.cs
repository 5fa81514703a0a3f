namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// 2-D average pooling over channels-first examples of [channels × height × width]: each window of each channel becomes the mean of the real (unpadded) values.
/// Keras' AveragePooling2D with <c>data_format="channels_first"</c>. ONNX: AveragePool.
/// </summary>
public sealed class AveragePooling2D : PoolingLayer
{
    /// <summary>Creates a 2-D average pooling layer.</summary>
    /// <param name="poolSize">The window's height and width; default 2.</param>
    /// <param name="strides">The step between windows along both axes; default <paramref name="poolSize"/>.</param>
    /// <param name="padding">Default <see cref="Padding.Valid"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is less than 1.</exception>
    public AveragePooling2D(int poolSize = 2, int? strides = null, Padding padding = Padding.Valid)
        : base(max: false, (poolSize, poolSize), strides is int s ? (s, s) : null, padding)
    {
    }

    /// <summary>Creates a 2-D average pooling layer whose window and strides may differ between height and width.</summary>
    /// <param name="poolSize">The window's height and width.</param>
    /// <param name="strides">The steps between windows.</param>
    /// <param name="padding">Default <see cref="Padding.Valid"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is less than 1.</exception>
    public AveragePooling2D((int Height, int Width) poolSize, (int Height, int Width) strides, Padding padding = Padding.Valid)
        : base(max: false, poolSize, strides, padding)
    {
    }

    internal override string TypeName => "AveragePooling2D";

    private protected override int SpatialRank => 2;

    internal static AveragePooling2D ReadConfig(BinaryReader reader)
        => ReadConfig(reader, (size, step, padding) => new AveragePooling2D(size, step, padding));
}
