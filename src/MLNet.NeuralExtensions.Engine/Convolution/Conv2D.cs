namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A 2-D convolution over examples of [channels × height × width] (channels first, as ONNX and PyTorch), giving
/// [filters × output height × output width]. Keras' Conv2D with <c>data_format="channels_first"</c>. ONNX: Conv.
/// </summary>
public sealed class Conv2D : ConvolutionLayer
{
    /// <summary>Creates a 2-D convolution with a square kernel.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The height and width of the kernel.</param>
    /// <param name="strides">The step between windows along both axes; default 1.</param>
    /// <param name="padding">Default <see cref="Padding.Valid"/>.</param>
    /// <param name="dilationRate">The spacing between kernel taps along both axes; default 1.</param>
    /// <param name="activation">Applied to the outputs; default <see cref="ActivationFunction.Linear"/>.</param>
    /// <param name="useBias">Whether to add a bias per filter; default true.</param>
    /// <param name="kernelInitializer">Default <see cref="Initializer.GlorotUniform"/> (fans count every kernel tap).</param>
    /// <param name="kernelRegularization">L1/L2 penalty on the kernel; default none.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, stride or rate is less than 1.</exception>
    public Conv2D(int filters, int kernelSize, int strides = 1, Padding padding = Padding.Valid, int dilationRate = 1,
        ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Regularization? kernelRegularization = null)
        : this(filters, (kernelSize, kernelSize), (strides, strides), (dilationRate, dilationRate), padding, activation, useBias, kernelInitializer, kernelRegularization)
    {
    }

    /// <summary>Creates a 2-D convolution whose kernel, strides and dilation may differ between height and width.</summary>
    /// <inheritdoc cref="Conv2D(int, int, int, Padding, int, ActivationFunction?, bool, Initializer?, Regularization?)"/>
    public Conv2D(int filters, (int Height, int Width) kernelSize, (int Height, int Width) strides, (int Height, int Width) dilationRate, Padding padding = Padding.Valid,
        ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Regularization? kernelRegularization = null)
        : base(filters, kernelSize, strides, dilationRate, padding, activation, useBias, kernelInitializer, kernelRegularization)
    {
    }

    /// <summary>The kernel's height and width.</summary>
    public (int Height, int Width) KernelSize => WindowSize;

    /// <summary>The steps between windows.</summary>
    public (int Height, int Width) Strides => WindowStrides;

    /// <summary>The spacing between kernel taps.</summary>
    public (int Height, int Width) DilationRate => Dilation;

    internal override string TypeName => "Conv2D";

    private protected override int SpatialRank => 2;

    internal static Conv2D ReadConfig(BinaryReader reader)
        => ReadConfig(reader, s => new Conv2D(s.Filters, s.KernelSize, s.Strides, s.Dilation, s.Padding, s.Activation, s.UseBias, Initializer.Zeros, s.Regularization));
}
