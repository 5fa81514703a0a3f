using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Kernels;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The shared machinery of <see cref="Conv1D"/> and <see cref="Conv2D"/>: a cross-correlation of channels-first inputs
/// with a kernel of [filters × channels × kernel height × kernel width] (the layout of ONNX's Conv and PyTorch), plus a
/// bias per filter and an optional activation.
/// </summary>
/// <remarks>
/// Each example is one matrix product over its im2col columns (measured against a product over the whole batch's
/// columns, see eng/bench/README.md): outputs = kernel · columns; backward, kernel gradientᵀ += columns · output
/// gradientᵀ and column gradient = kernelᵀ · output gradient, folded back onto the input. Examples run in parallel, each
/// worker keeping its columns in its own cache-sized buffer; kernel gradients are summed per fixed group of examples
/// and the groups in order, so results do not depend on the thread count.
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
    private float[]? _groupGradients;

    private protected ConvolutionLayer(int filters, (int Height, int Width) kernelSize, (int Height, int Width) strides, (int Height, int Width) dilation,
        Padding padding, ActivationFunction? activation, bool useBias, Initializer? kernelInitializer, Regularization? kernelRegularization)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(dilation.Height, dilation.Width), 1, nameof(dilation));
        ConvolutionGeometry.CheckArguments(kernelSize, strides, padding);
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

    // Kernel gradients are summed over this many fixed groups of examples, then over the groups in order.
    private const int GradientGroups = 16;

    private protected (int Height, int Width) WindowSize { get; }

    private protected (int Height, int Width) WindowStrides { get; }

    private protected (int Height, int Width) Dilation { get; }

    /// <summary>1 for Conv1D, 2 for Conv2D.</summary>
    private protected abstract int SpatialRank { get; }

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        _geometry = ConvolutionGeometry.ForExample(inputShape, SpatialRank, WindowSize, WindowStrides, Dilation, Padding, ShapeError);
        int channels = inputShape[0];
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

        return _geometry.OutputShape(Filters, SpatialRank);
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        _input = input;
        int batch = input.Shape[0];
        Tensor z = _activation.Preactivation(batch, OutputShape);
        _work.Set(forward: true, this, input, z, null, [], 0, null);
        WorkerPool.Shared.Run(batch, _work, context.MaxThreads);
        return _activation.AppliesBySlices ? _activation.ForwardBySlices() : _activation.Forward(OutputShape[-1]);
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        Tensor input = _input ?? throw new InvalidOperationException("Backward before forward.");
        int batch = input.Shape[0];
        // An element-wise activation's gradient is taken per example by the workers, just before its products.
        bool bySlices = _activation.AppliesBySlices;
        Tensor dz = bySlices ? _activation.PreactivationGradient(outputGradient.Shape) : _activation.Backward(outputGradient, OutputShape[-1]);
        int groups = Math.Min(batch, GradientGroups);
        int kernelSize = Kernel.Value.Length;
        float[] partial = Scratch.Ensure(ref _groupGradients, groups * kernelSize);
        Tensor? dx = needInputGradient ? Tensor.Ensure(ref _inputGradient, input.Shape) : null;
        _work.Set(forward: false, this, input, dz, dx, partial, groups, bySlices ? outputGradient : null);
        WorkerPool.Shared.Run(groups, _work, context.MaxThreads);

        // The groups hold the kernel gradient transposed, [window × filters]: that product shape runs faster.
        Span<float> sum = partial.AsSpan(0, kernelSize);
        for (int g = 1; g < groups; g++)
        {
            TensorPrimitives.Add(sum, partial.AsSpan(g * kernelSize, kernelSize), sum);
        }

        Span<float> dKernel = Kernel.Gradient.Span;
        int window = _geometry.WindowSize;
        for (int w = 0; w < window; w++)
        {
            for (int f = 0; f < Filters; f++)
            {
                dKernel[(f * window) + w] = sum[(w * Filters) + f];
            }
        }

        if (_bias is not null)
        {
            Span<float> db = _bias.Gradient.Span;
            db.Clear();
            int plane = _geometry.OutputPlane;
            for (int b = 0; b < batch; b++)
            {
                for (int f = 0; f < Filters; f++)
                {
                    db[f] += TensorPrimitives.Sum(dz.Span.Slice(((b * Filters) + f) * plane, plane));
                }
            }
        }

        return dx;
    }

    internal override string ExportOnnx(OnnxGraph graph, string input)
    {
        long[] kernelShape = [.. Kernel.Value.Shape.Dimensions.Select(d => (long)d)];
        string kernel = graph.AddInitializer("kernel", Kernel.Value.Span, kernelShape);
        string[] inputs = _bias is null ? [input, kernel] : [input, kernel, graph.AddInitializer("bias", _bias.Value.Span, Filters)];
        string output = graph.Add("Conv", inputs, "conv", _geometry.OnnxAttributes(SpatialRank, withDilation: true));
        return _activation.Function.ExportOnnx(graph, output);
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

    /// <summary>One example per index forward; one fixed group of examples per index backward.</summary>
    private sealed class BatchWork : IParallelBody
    {
        [ThreadStatic]
        private static float[]? t_columns;

        private bool _forward;
        private ConvolutionLayer? _layer;
        private Tensor? _input;
        private Tensor? _output;
        private Tensor? _inputGradient;
        private Tensor? _activationGradient;
        private float[] _groupGradients = [];
        private int _groups;

        /// <summary>Prepares a pass: <paramref name="output"/> is the pre-activation output forward and its gradient
        /// backward; <paramref name="inputGradient"/> is null when not wanted; <paramref name="activationGradient"/> is
        /// the gradient with respect to the activation's output when the workers take the activation's gradient.</summary>
        public void Set(bool forward, ConvolutionLayer layer, Tensor input, Tensor output, Tensor? inputGradient, float[] groupGradients, int groups,
            Tensor? activationGradient)
        {
            _groups = groups;
            _activationGradient = activationGradient;
            _forward = forward;
            _layer = layer;
            _input = input;
            _output = output;
            _inputGradient = inputGradient;
            _groupGradients = groupGradients;
        }

        public void Run(int index)
        {
            ConvolutionLayer layer = _layer!;
            ref readonly ConvolutionGeometry g = ref layer._geometry;
            int window = g.WindowSize, plane = g.OutputPlane, filters = layer.Filters;
            Span<float> columns = Scratch.Ensure(ref t_columns, window * plane).AsSpan(0, window * plane);
            ReadOnlySpan<float> kernel = layer.Kernel.Value.Span;
            int inputSize = layer.InputShape.Size, outputSize = filters * plane;
            if (_forward)
            {
                Im2Col.Expand(g, _input!.Span.Slice(index * inputSize, inputSize), columns, plane, 0);
                Span<float> output = _output!.Span.Slice(index * outputSize, outputSize);
                Gemm.Multiply(false, false, filters, plane, window, kernel, columns, output, accumulate: false, maxThreads: 1);
                if (layer._bias is not null)
                {
                    ReadOnlySpan<float> bias = layer._bias.Value.Span;
                    for (int f = 0; f < filters; f++)
                    {
                        Span<float> row = output.Slice(f * plane, plane);
                        TensorPrimitives.Add(row, bias[f], row);
                    }
                }

                if (layer._activation.AppliesBySlices)
                {
                    layer._activation.ForwardSlice(output);
                }

                return;
            }

            int batch = _input!.Shape[0];
            Span<float> partial = _groupGradients.AsSpan(index * kernel.Length, kernel.Length);
            int first = index * batch / _groups, last = (index + 1) * batch / _groups;
            for (int b = first; b < last; b++)
            {
                Im2Col.Expand(g, _input.Span.Slice(b * inputSize, inputSize), columns, plane, 0);
                Span<float> dz = _output!.Span.Slice(b * outputSize, outputSize);
                if (_activationGradient is not null)
                {
                    layer._activation.BackwardSlice(_activationGradient.Span.Slice(b * outputSize, outputSize), dz, b * outputSize);
                }

                Gemm.Multiply(false, true, window, filters, plane, columns, dz, partial, accumulate: b > first, maxThreads: 1);
                if (_inputGradient is not null)
                {
                    Gemm.Multiply(true, false, window, plane, filters, kernel, dz, columns, accumulate: false, maxThreads: 1);
                    Im2Col.Fold(g, columns, plane, 0, _inputGradient.Span.Slice(b * inputSize, inputSize));
                }
            }
        }
    }
}
