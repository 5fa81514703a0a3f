namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A 1-D convolution over examples of [channels × length] (channels first), giving [filters × output length]. Keras'
/// Conv1D with <c>data_format="channels_first"</c>. ONNX: Conv.
/// </summary>
public sealed class Conv1D : ConvolutionLayer
{
    /// <summary>Creates a 1-D convolution.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The length of the kernel.</param>
    /// <param name="strides">The step between windows; default 1.</param>
    /// <param name="padding">Default <see cref="Padding.Valid"/>.</param>
    /// <param name="dilationRate">The spacing between kernel taps; default 1.</param>
    /// <param name="activation">Applied to the outputs; default <see cref="ActivationFunction.Linear"/>.</param>
    /// <param name="useBias">Whether to add a bias per filter; default true.</param>
    /// <param name="kernelInitializer">Default <see cref="Initializer.GlorotUniform"/> (fans count every kernel tap).</param>
    /// <param name="kernelRegularization">L1/L2 penalty on the kernel; default none.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, stride or rate is less than 1.</exception>
    public Conv1D(int filters, int kernelSize, int strides = 1, Padding padding = Padding.Valid, int dilationRate = 1,
        ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Regularization? kernelRegularization = null)
        : base(filters, (1, kernelSize), (1, strides), (1, dilationRate), padding, activation, useBias, kernelInitializer, kernelRegularization)
    {
    }

    /// <summary>The kernel's length.</summary>
    public int KernelSize => WindowSize.Width;

    /// <summary>The step between windows.</summary>
    public int Strides => WindowStrides.Width;

    /// <summary>The spacing between kernel taps.</summary>
    public int DilationRate => Dilation.Width;

    internal override string TypeName => "Conv1D";

    private protected override int SpatialRank => 1;

    internal static Conv1D ReadConfig(BinaryReader reader)
        => ReadConfig(reader, s => new Conv1D(s.Filters, s.KernelSize.Width, s.Strides.Width, s.Padding, s.Dilation.Width, s.Activation, s.UseBias, Initializer.Zeros, s.Regularization));
}
