using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Kernels;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The shared machinery of <see cref="Conv1D"/> and <see cref="Conv2D"/>: a cross-correlation of channels-first inputs
/// with a kernel of [filters × channels × kernel height × kernel width] (the layout of ONNX's Conv and PyTorch), plus a
/// bias per filter and an optional activation.
/// </summary>
/// <remarks>
/// A batch is computed as three matrix products over im2col columns (measured faster than a direct loop; see
/// eng/bench/README.md): outputs = kernel · columns, kernel gradient = output gradient · columnsᵀ and column gradient =
/// kernelᵀ · output gradient, the last folded back onto the input. The whole batch shares one column matrix, so the
/// products are large enough to use every core.
/// </remarks>
public abstract class ConvolutionLayer : Layer
{
    private readonly FusedActivation _activation;
    private readonly BatchWork _work = new();
    private Parameter? _kernel;
    private Parameter? _bias;
    private ConvolutionGeometry _geometry;
    private Tensor? _input;
    private Tensor? _inputGradient;
    private float[]? _columns;
    private float[]? _channelMajor;

    private protected ConvolutionLayer(int filters, (int Height, int Width) kernelSize, (int Height, int Width) strides, (int Height, int Width) dilation,
        Padding padding, ActivationFunction? activation, bool useBias, Initializer? kernelInitializer, Regularization? kernelRegularization)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(kernelSize.Height, kernelSize.Width), 1, nameof(kernelSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(strides.Height, strides.Width), 1, nameof(strides));
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(dilation.Height, dilation.Width), 1, nameof(dilation));
        if (!Enum.IsDefined(padding))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be Valid or Same.");
        }

        Filters = filters;
        WindowSize = kernelSize;
        WindowStrides = strides;
        Dilation = dilation;
        Padding = padding;
        _activation = new FusedActivation(activation ?? ActivationFunction.Linear);
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? Initializer.GlorotUniform;
        KernelRegularization = kernelRegularization;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>How the borders are treated.</summary>
    public Padding Padding { get; }

    /// <summary>The activation applied to the outputs.</summary>
    public ActivationFunction Activation => _activation.Function;

    /// <summary>Whether a bias is added per filter.</summary>
    public bool UseBias { get; }

    /// <summary>How the kernel is initialized.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>The kernel's L1/L2 penalty, or null.</summary>
    public Regularization? KernelRegularization { get; }

    /// <summary>The weights, [filters × channels × kernel height × kernel width] (without the height axis for
    /// <see cref="Conv1D"/>).</summary>
    public Parameter Kernel => _kernel ?? throw new InvalidOperationException("The layer is not built.");

    /// <summary>The bias, [filters], or null without bias.</summary>
    public Parameter? Bias => _bias;

    private protected (int Height, int Width) WindowSize { get; }

    private protected (int Height, int Width) WindowStrides { get; }

    private protected (int Height, int Width) Dilation { get; }

    /// <summary>1 for Conv1D, 2 for Conv2D.</summary>
    private protected abstract int SpatialRank { get; }

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        string expected = SpatialRank == 1 ? "[channels×length]" : "[channels×height×width]";
        if (inputShape.Rank != SpatialRank + 1)
        {
            throw ShapeError(inputShape, $"{expected} (channels first)");
        }

        int channels = inputShape[0];
        int height = SpatialRank == 1 ? 1 : inputShape[1];
        _geometry = ConvolutionGeometry.Create(channels, height, inputShape[-1], WindowSize, WindowStrides, Dilation, Padding)
            ?? throw ShapeError(inputShape, $"{expected} at least as large as the dilated kernel {TensorShape.Format([WindowSize.Height, WindowSize.Width])} with valid padding");
        TensorShape kernelShape = SpatialRank == 1
            ? new TensorShape(Filters, channels, WindowSize.Width)
            : new TensorShape(Filters, channels, WindowSize.Height, WindowSize.Width);
        _kernel = AddParameter("kernel", kernelShape, KernelRegularization);
        int taps = WindowSize.Height * WindowSize.Width;
        KernelInitializer.Fill(_kernel.Value.Span, channels * taps, Filters * taps, random);
        if (UseBias)
        {
            _bias = AddParameter("bias", new TensorShape(Filters));
        }

        return SpatialRank == 1
            ? new TensorShape(Filters, _geometry.OutputWidth)
            : new TensorShape(Filters, _geometry.OutputHeight, _geometry.OutputWidth);
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        _input = input;
        int batch = input.Shape[0];
        int positions = batch * _geometry.OutputPlane;
        float[] columns = Scratch.Ensure(ref _columns, _geometry.WindowSize * positions);
        float[] channelMajor = Scratch.Ensure(ref _channelMajor, Filters * positions);
        Tensor z = _activation.Preactivation(batch, OutputShape);

        _work.Set(BatchWork.Step.Expand, _geometry, Filters, input, columns, channelMajor, _bias);
        WorkerPool.Shared.Run(batch, _work, context.MaxThreads);
        Gemm.Multiply(false, false, Filters, positions, _geometry.WindowSize, Kernel.Value.Span, columns, channelMajor, accumulate: false, context.MaxThreads);
        _work.Set(BatchWork.Step.ToExampleMajor, _geometry, Filters, z, columns, channelMajor, _bias);
        WorkerPool.Shared.Run(batch, _work, context.MaxThreads);
        return _activation.Forward(OutputShape[-1]);
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        Tensor input = _input ?? throw new InvalidOperationException("Backward before forward.");
        int batch = input.Shape[0];
        int positions = batch * _geometry.OutputPlane;
        float[] columns = _columns!;
        float[] channelMajor = _channelMajor!;
        Tensor dz = _activation.Backward(outputGradient, OutputShape[-1]);
        _work.Set(BatchWork.Step.ToChannelMajor, _geometry, Filters, dz, columns, channelMajor, _bias);
        WorkerPool.Shared.Run(batch, _work, context.MaxThreads);
        if (_bias is not null)
        {
            Span<float> db = _bias.Gradient.Span;
            for (int f = 0; f < Filters; f++)
            {
                db[f] = TensorPrimitives.Sum(channelMajor.AsSpan(f * positions, positions));
            }
        }

        Gemm.Multiply(false, true, Filters, _geometry.WindowSize, positions, channelMajor, columns, Kernel.Gradient.Span, accumulate: false, context.MaxThreads);
        if (!needInputGradient)
        {
            return null;
        }

        // The columns are no longer needed: they receive the column gradient, which folds onto the input gradient.
        Gemm.Multiply(true, false, _geometry.WindowSize, positions, Filters, Kernel.Value.Span, channelMajor, columns, accumulate: false, context.MaxThreads);
        Tensor dx = Tensor.Ensure(ref _inputGradient, input.Shape);
        _work.Set(BatchWork.Step.Fold, _geometry, Filters, dx, columns, channelMajor, _bias);
        WorkerPool.Shared.Run(batch, _work, context.MaxThreads);
        return dx;
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
        writer.Write(Filters);
        foreach (int value in (int[])[WindowSize.Height, WindowSize.Width, WindowStrides.Height, WindowStrides.Width, Dilation.Height, Dilation.Width, (int)Padding])
        {
            writer.Write(value);
        }

        LayerConfig.WriteActivation(writer, Activation);
        writer.Write(UseBias);
        LayerConfig.WriteRegularization(writer, KernelRegularization);
    }

    /// <summary>Reads what <see cref="WriteConfig"/> wrote and hands it to <paramref name="create"/>.</summary>
    private protected static T ReadConfig<T>(BinaryReader reader, Func<ConvolutionSettings, T> create)
    {
        int filters = reader.ReadInt32();
        var v = new int[7];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = reader.ReadInt32();
        }

        return create(new ConvolutionSettings(filters, (v[0], v[1]), (v[2], v[3]), (v[4], v[5]), (Padding)v[6],
            LayerConfig.ReadActivation(reader), reader.ReadBoolean(), LayerConfig.ReadRegularization(reader)));
    }

    /// <summary>The hyperparameters read from a model file.</summary>
    private protected sealed record ConvolutionSettings(int Filters, (int Height, int Width) KernelSize, (int Height, int Width) Strides,
        (int Height, int Width) Dilation, Padding Padding, ActivationFunction Activation, bool UseBias, Regularization? Regularization);

    /// <summary>The per-example steps around the matrix products, one example per index.</summary>
    private sealed class BatchWork : IParallelBody
    {
        private ConvolutionGeometry _g;
        private int _filters;
        private float[] _columns = [];
        private float[] _channelMajor = [];
        private Parameter? _bias;

        public enum Step
        {
            Expand,
            Fold,
            ToExampleMajor,
            ToChannelMajor,
        }

        private Step _step;
        private Tensor? _image;

        /// <summary>Prepares a step; <paramref name="image"/> is the batch tensor of examples it reads or writes.</summary>
        public void Set(Step step, in ConvolutionGeometry geometry, int filters, Tensor image, float[] columns, float[] channelMajor, Parameter? bias)
        {
            _step = step;
            _image = image;
            _g = geometry;
            _filters = filters;
            _columns = columns;
            _channelMajor = channelMajor;
            _bias = bias;
        }

        public void Run(int index)
        {
            int plane = _g.OutputPlane;
            Tensor image = _image!;
            int positions = image.Shape[0] * plane;
            int imageLength = image.Length / image.Shape[0];
            switch (_step)
            {
                case Step.Expand:
                    Im2Col.Expand(_g, image.Span.Slice(index * imageLength, imageLength), _columns, positions, index * plane);
                    break;
                case Step.Fold:
                    Im2Col.Fold(_g, _columns, positions, index * plane, image.Span.Slice(index * imageLength, imageLength));
                    break;
                case Step.ToExampleMajor:
                    for (int f = 0; f < _filters; f++)
                    {
                        Span<float> target = image.Span.Slice(((index * _filters) + f) * plane, plane);
                        ReadOnlySpan<float> source = _channelMajor.AsSpan((f * positions) + (index * plane), plane);
                        if (_bias is null)
                        {
                            source.CopyTo(target);
                        }
                        else
                        {
                            TensorPrimitives.Add(source, _bias.Value.Span[f], target);
                        }
                    }

                    break;
                default:
                    for (int f = 0; f < _filters; f++)
                    {
                        image.Span.Slice(((index * _filters) + f) * plane, plane).CopyTo(_channelMajor.AsSpan((f * positions) + (index * plane), plane));
                    }

                    break;
            }
        }
    }
}
