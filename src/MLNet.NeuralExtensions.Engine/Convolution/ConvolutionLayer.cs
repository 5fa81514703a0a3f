using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Kernels;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The shared machinery of <see cref="Conv1D"/> and <see cref="Conv2D"/>: a cross-correlation of channels-first inputs
/// with a kernel of [filters × channels × kernel height × kernel width] (the layout of ONNX's Conv and PyTorch), plus a
/// bias per filter and an optional activation.
/// </summary>
/// <remarks>
/// A few examples at a time (up to four, as many as keep their im2col columns within 512 KB) are one matrix product over
/// their columns side by side (measured against a product over the whole batch's columns and against one example per
/// product, see eng/bench/README.md): outputs = kernel · columns; backward, kernel gradientᵀ += columns · output
/// gradientᵀ and column gradient = kernelᵀ · output gradient, folded back onto the inputs. Products run in parallel,
/// each worker keeping its columns in its own cache-sized buffer; kernel and bias gradients are summed per fixed group of
/// examples and the groups in order, so results do not depend on the thread count. In a network, a max pooling right
/// after the layer runs inside it (<see cref="Sequential.PoolsInto"/>): each example's output is pooled while in cache,
/// with the position of each maximum kept for the backward pass.
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
    private PoolingLayer? _pool;
    private Tensor? _pooled;
    private int[]? _positions;
    private int _examplesPerProduct = 1;

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

    // Up to this many examples share one product, as long as their columns fit in this many floats (512 KB, within a
    // core's second-level cache): a wider product wastes less of its last column panel (196 positions fill 6.1
    // panels of 32, 392 fill 12.25) and packs the kernel once for all of them.
    private const int MaxExamplesPerProduct = 4;
    private const int ColumnBudget = 1 << 17;

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

        _examplesPerProduct = Math.Clamp(ColumnBudget / (_geometry.WindowSize * _geometry.OutputPlane), 1, MaxExamplesPerProduct);
        return _geometry.OutputShape(Filters, SpatialRank);
    }

    internal override Tensor Forward(Tensor input, RunContext context) => Forward(input, context, null);

    /// <summary>Whether <paramref name="next"/> is a max pooling layer that <see cref="Forward(Tensor, RunContext, PoolingLayer?)"/>
    /// can apply to this layer's output: built on it, with windows that do not overlap (each output then receives the
    /// gradient of one window at most, so that the activation's gradient can be taken before the pooling's), after an
    /// activation that is linear or works in place.</summary>
    internal bool CanPoolOutput(Layer next)
        => next is PoolingLayer { IsMax: true, IsBuilt: true } pool && pool.InputShape == OutputShape
            && pool.Strides.Height >= pool.PoolSize.Height && pool.Strides.Width >= pool.PoolSize.Width
            && (_activation.Function is LinearActivation || _activation.AppliesBySlices);

    /// <summary>Runs the layer and, when <paramref name="pool"/> is given (see <see cref="CanPoolOutput"/>), max-pools
    /// each example's output right after computing it, while it is in cache, and returns the pooled outputs: the pair of
    /// layers without the full-size output ever going through memory. The next <see cref="Backward"/> then takes the
    /// gradient of the pooled outputs.</summary>
    internal Tensor Forward(Tensor input, RunContext context, PoolingLayer? pool)
    {
        CheckBatch(input);
        _input = input;
        _pool = pool;
        int batch = input.Shape[0];
        Tensor output;
        if (pool is null)
        {
            output = _activation.Preactivation(batch, OutputShape);
        }
        else
        {
            output = Tensor.EnsureBatch(ref _pooled, batch, pool.OutputShape);
            Scratch.Ensure(ref _positions, output.Length);
        }

        _work.Set(forward: true, this, input, output, null, [], 0, null);
        WorkerPool.Shared.Run((batch + _examplesPerProduct - 1) / _examplesPerProduct, _work, context.MaxThreads);
        return pool is not null ? output
            : _activation.AppliesBySlices ? _activation.ForwardBySlices() : _activation.Forward(OutputShape[-1]);
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        Tensor input = _input ?? throw new InvalidOperationException("Backward before forward.");
        int batch = input.Shape[0];
        // An element-wise activation's gradient is taken per example by the workers, just before its products; so is a
        // pooling's.
        bool bySlices = _pool is not null || _activation.AppliesBySlices;
        Tensor? dz = _pool is not null ? null
            : bySlices ? _activation.PreactivationGradient(outputGradient.Shape) : _activation.Backward(outputGradient, OutputShape[-1]);
        int groups = Math.Min(batch, GradientGroups);
        int kernelSize = Kernel.Value.Length, partialSize = kernelSize + Filters;
        bool parameterGradients = context.ParameterGradients;
        float[] partial = parameterGradients ? Scratch.Ensure(ref _groupGradients, groups * partialSize) : [];
        Tensor? dx = needInputGradient ? Tensor.Ensure(ref _inputGradient, input.Shape) : null;
        _work.Set(forward: false, this, input, dz, dx, partial, groups, bySlices ? outputGradient : null);
        WorkerPool.Shared.Run(groups, _work, context.MaxThreads);
        if (!parameterGradients)
        {
            return dx;
        }

        // Each group holds the kernel gradient transposed, [window × filters] (that product shape runs faster), then
        // the bias gradient.
        Span<float> sum = partial.AsSpan(0, partialSize);
        for (int g = 1; g < groups; g++)
        {
            TensorPrimitives.Add(sum, partial.AsSpan(g * partialSize, partialSize), sum);
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
            sum.Slice(kernelSize, Filters).CopyTo(_bias.Gradient.Span);
        }

        return dx;
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input)
    {
        long[] kernelShape = [.. Kernel.Value.Shape.Dimensions.Select(d => (long)d)];
        string kernel = graph.AddInitializer("kernel", Kernel.Value.Span, kernelShape);
        string[] inputs = _bias is null ? [input, kernel] : [input, kernel, graph.AddInitializer("bias", _bias.Value.Span, Filters)];
        string output = graph.Add("Conv", inputs, "conv", _geometry.OnnxAttributes(SpatialRank, withDilation: true));
        return _activation.Function.ExportOnnx(graph, output, OutputShape.Rank + 1);
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

    /// <summary>One product's examples per index forward; one fixed group of examples per index backward, in products of
    /// up to <see cref="_examplesPerProduct"/> examples. A product over n examples works on their columns side by side,
    /// [window × n·positions], and on outputs (or their gradients) laid out the same way, [filters × n·positions].</summary>
    private sealed class BatchWork : IParallelBody
    {
        [ThreadStatic]
        private static float[]? t_columns;

        [ThreadStatic]
        private static float[]? t_outputs;

        [ThreadStatic]
        private static float[]? t_pooledGradient;

        [ThreadStatic]
        private static float[]? t_row;

        private bool _forward;
        private ConvolutionLayer? _layer;
        private Tensor? _input;
        private Tensor? _output;
        private Tensor? _inputGradient;
        private Tensor? _outputGradient;
        private float[] _groupGradients = [];
        private int _groups;

        /// <summary>Prepares a pass: <paramref name="output"/> is the (pooled) output forward and the pre-activation
        /// gradient backward, null when the workers take the gradient of the pooling; <paramref name="inputGradient"/> is
        /// null when not wanted, and <paramref name="groupGradients"/> empty when the parameters' gradients are not; <paramref name="outputGradient"/> is the gradient with respect to the activation's (or
        /// the pooling's) output when the workers take their gradient.</summary>
        public void Set(bool forward, ConvolutionLayer layer, Tensor input, Tensor? output, Tensor? inputGradient, float[] groupGradients, int groups,
            Tensor? outputGradient)
        {
            _groups = groups;
            _outputGradient = outputGradient;
            _forward = forward;
            _layer = layer;
            _input = input;
            _output = output;
            _inputGradient = inputGradient;
            _groupGradients = groupGradients;
        }

        public void Run(int index)
        {
            int batch = _input!.Shape[0], step = _layer!._examplesPerProduct;
            if (_forward)
            {
                Forward(index * step, Math.Min(step, batch - (index * step)));
                return;
            }

            int first = index * batch / _groups, last = (index + 1) * batch / _groups;
            for (int b = first; b < last; b += step)
            {
                Backward(b, Math.Min(step, last - b), index, accumulate: b > first);
            }
        }

        private void Forward(int first, int count)
        {
            ConvolutionLayer layer = _layer!;
            ref readonly ConvolutionGeometry g = ref layer._geometry;
            int plane = g.OutputPlane, filters = layer.Filters, width = count * plane;
            Span<float> columns = Expand(first, count);
            // One example without pooling writes straight into the output tensor, whose layout is then the product's.
            bool direct = count == 1 && layer._pool is null;
            Span<float> outputs = direct ? _output!.Span.Slice(first * filters * plane, filters * plane) : Outputs(filters * width);
            Gemm.Multiply(false, false, filters, width, g.WindowSize, layer.Kernel.Value.Span, columns, outputs, accumulate: false, maxThreads: 1);
            ReadOnlySpan<float> bias = layer._bias is null ? default : layer._bias.Value.Span;
            for (int f = 0; f < filters; f++)
            {
                Span<float> row = outputs.Slice(f * width, width);
                if (!bias.IsEmpty)
                {
                    TensorPrimitives.Add(row, bias[f], row);
                }

                if (layer._activation.AppliesBySlices)
                {
                    layer._activation.ForwardSlice(row);
                }

                for (int e = 0; !direct && e < count; e++)
                {
                    Emit(row.Slice(e * plane, plane), first + e, f);
                }
            }
        }

        /// <summary>Writes one plane of a product's outputs to its place in the output tensor, or pools it there.</summary>
        private void Emit(ReadOnlySpan<float> plane, int example, int filter)
        {
            ConvolutionLayer layer = _layer!;
            int filters = layer.Filters;
            if (layer._pool is null)
            {
                plane.CopyTo(_output!.Span.Slice(((example * filters) + filter) * plane.Length, plane.Length));
                return;
            }

            ref readonly ConvolutionGeometry p = ref layer._pool.Geometry;
            int at = ((example * filters) + filter) * p.OutputPlane;
            Span<float> row = Scratch.Ensure(ref t_row, p.InputWidth).AsSpan(0, p.InputWidth);
            PoolPlane.MaxWithPositions(p, plane, _output!.Span.Slice(at, p.OutputPlane), layer._positions.AsSpan(at, p.OutputPlane), row);
        }

        private void Backward(int first, int count, int group, bool accumulate)
        {
            ConvolutionLayer layer = _layer!;
            ref readonly ConvolutionGeometry g = ref layer._geometry;
            int window = g.WindowSize, plane = g.OutputPlane, filters = layer.Filters, width = count * plane;
            int kernelSize = layer.Kernel.Value.Length;
            Span<float> dz = PreactivationGradients(first, count);
            // Without parameter gradients (an empty partial buffer) the input's columns are not needed, only their buffer.
            bool parameterGradients = _groupGradients.Length > 0;
            Span<float> columns = parameterGradients ? Expand(first, count) : Columns(window * width);
            if (parameterGradients)
            {
                Span<float> partial = _groupGradients.AsSpan(group * (kernelSize + filters), kernelSize + filters);
                Gemm.Multiply(false, true, window, filters, width, columns, dz, partial, accumulate, maxThreads: 1);
                for (int f = 0; f < filters; f++)
                {
                    float sum = TensorPrimitives.Sum(dz.Slice(f * width, width));
                    partial[kernelSize + f] = accumulate ? partial[kernelSize + f] + sum : sum;
                }
            }

            if (_inputGradient is not null)
            {
                Gemm.Multiply(true, false, window, width, filters, layer.Kernel.Value.Span, dz, columns, accumulate: false, maxThreads: 1);
                int inputSize = layer.InputShape.Size;
                for (int e = 0; e < count; e++)
                {
                    Im2Col.Fold(g, columns, width, e * plane, _inputGradient.Span.Slice((first + e) * inputSize, inputSize));
                }
            }
        }

        /// <summary>The im2col columns of <paramref name="count"/> examples side by side, in this thread's buffer.</summary>
        private Span<float> Expand(int first, int count)
        {
            ref readonly ConvolutionGeometry g = ref _layer!._geometry;
            int width = count * g.OutputPlane, inputSize = _layer.InputShape.Size;
            Span<float> columns = Columns(g.WindowSize * width);
            for (int e = 0; e < count; e++)
            {
                Im2Col.Expand(g, _input!.Span.Slice((first + e) * inputSize, inputSize), columns, width, e * g.OutputPlane);
            }

            return columns;
        }

        /// <summary>The pre-activation gradients of <paramref name="count"/> examples laid out as a product's outputs:
        /// from the gradient of the pooled outputs through the pooling and the activation, from the activation's output
        /// gradient, or as given; one example without pooling stays where it is.</summary>
        private Span<float> PreactivationGradients(int first, int count)
        {
            ConvolutionLayer layer = _layer!;
            int plane = layer._geometry.OutputPlane, filters = layer.Filters, size = filters * plane, width = count * plane;
            if (layer._pool is null)
            {
                for (int e = 0; _outputGradient is not null && e < count; e++)
                {
                    int at = (first + e) * size;
                    layer._activation.BackwardSlice(_outputGradient.Span.Slice(at, size), _output!.Span.Slice(at, size), at);
                }

                if (count == 1)
                {
                    return _output!.Span.Slice(first * size, size);
                }
            }

            Span<float> dz = Outputs(filters * width);
            int pooledSize = layer._pool?.OutputShape.Size ?? 0, pooledPlane = pooledSize / filters;
            for (int e = 0; e < count; e++)
            {
                if (layer._pool is null)
                {
                    ReadOnlySpan<float> example = _output!.Span.Slice((first + e) * size, size);
                    for (int f = 0; f < filters; f++)
                    {
                        example.Slice(f * plane, plane).CopyTo(dz.Slice((f * width) + (e * plane), plane));
                    }

                    continue;
                }

                int at = (first + e) * pooledSize;
                Span<float> pooledGradient = Scratch.Ensure(ref t_pooledGradient, pooledSize).AsSpan(0, pooledSize);
                layer._activation.BackwardAt(layer._pooled!.Span.Slice(at, pooledSize), _outputGradient!.Span.Slice(at, pooledSize), pooledGradient);
                for (int f = 0; f < filters; f++)
                {
                    PoolPlane.ScatterMax(layer._positions.AsSpan(at + (f * pooledPlane), pooledPlane), pooledGradient.Slice(f * pooledPlane, pooledPlane), dz.Slice((f * width) + (e * plane), plane));
                }
            }

            return dz;
        }

        /// <summary>This thread's buffer for a product's columns or their gradients.</summary>
        private static Span<float> Columns(int size) => Scratch.Ensure(ref t_columns, size).AsSpan(0, size);

        /// <summary>This thread's buffer for a product's outputs or their gradients.</summary>
        private static Span<float> Outputs(int size) => Scratch.Ensure(ref t_outputs, size).AsSpan(0, size);
    }
}
