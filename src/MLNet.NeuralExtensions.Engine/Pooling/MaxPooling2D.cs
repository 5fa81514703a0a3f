namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// 2-D max pooling over channels-first examples of [channels × height × width]: each window of each channel becomes the largest value.
/// Keras' MaxPooling2D with <c>data_format="channels_first"</c>. ONNX: MaxPool.
/// </summary>
public sealed class MaxPooling2D : PoolingLayer
{
    /// <summary>Creates a 2-D max pooling layer.</summary>
    /// <param name="poolSize">The window's height and width; default 2.</param>
    /// <param name="strides">The step between windows along both axes; default <paramref name="poolSize"/>.</param>
    /// <param name="padding">Default <see cref="Padding.Valid"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is less than 1.</exception>
    public MaxPooling2D(int poolSize = 2, int? strides = null, Padding padding = Padding.Valid)
        : base(max: true, (poolSize, poolSize), strides is int s ? (s, s) : null, padding)
    {
    }

    /// <summary>Creates a 2-D max pooling layer whose window and strides may differ between height and width.</summary>
    /// <param name="poolSize">The window's height and width.</param>
    /// <param name="strides">The steps between windows.</param>
    /// <param name="padding">Default <see cref="Padding.Valid"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is less than 1.</exception>
    public MaxPooling2D((int Height, int Width) poolSize, (int Height, int Width) strides, Padding padding = Padding.Valid)
        : base(max: true, poolSize, strides, padding)
    {
    }

    internal override string TypeName => "MaxPooling2D";

    private protected override int SpatialRank => 2;

    internal static MaxPooling2D ReadConfig(BinaryReader reader)
        => ReadConfig(reader, (size, step, padding) => new MaxPooling2D(size, step, padding));
}
