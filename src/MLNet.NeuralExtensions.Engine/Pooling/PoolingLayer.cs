using MLNet.NeuralExtensions.Engine.Kernels;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The shared machinery of the max and average pooling layers over channels-first examples ([channels × length] or
/// [channels × height × width]): each channel is pooled on its own over windows of <see cref="PoolSize"/>. Padded
/// positions never count: a max ignores them and an average divides by the number of real inputs under the window
/// (ONNX's <c>count_include_pad=0</c>, Keras' behaviour).
/// </summary>
public abstract class PoolingLayer : Layer
{
    private readonly PoolWork _work = new();
    private ConvolutionGeometry _geometry;
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    private protected PoolingLayer(bool max, (int Height, int Width) poolSize, (int Height, int Width)? strides, Padding padding)
    {
        var step = strides ?? poolSize;
        ConvolutionGeometry.CheckArguments(poolSize, step, padding);
        IsMax = max;
        PoolSize = poolSize;
        Strides = step;
        Padding = padding;
    }

    /// <summary>The window's height and width (height 1 for the 1-D layers).</summary>
    public (int Height, int Width) PoolSize { get; }

    /// <summary>The steps between windows; by default equal to <see cref="PoolSize"/>.</summary>
    public (int Height, int Width) Strides { get; }

    /// <summary>How the borders are treated.</summary>
    public Padding Padding { get; }

    /// <summary>Whether this is a max pooling layer (else an average).</summary>
    internal bool IsMax { get; }

    /// <summary>The window geometry over one input channel; valid once built.</summary>
    internal ref readonly ConvolutionGeometry Geometry => ref _geometry;

    /// <summary>1 for the 1-D layers, 2 for the 2-D ones.</summary>
    private protected abstract int SpatialRank { get; }

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        _geometry = ConvolutionGeometry.ForExample(inputShape, SpatialRank, PoolSize, Strides, (1, 1), Padding, ShapeError);
        return _geometry.OutputShape(inputShape[0], SpatialRank);
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        int batch = input.Shape[0];
        _input = input;
        Tensor y = Tensor.EnsureBatch(ref _output, batch, OutputShape);
        _work.Set(forward: true, IsMax, _geometry, input, null, y, y);
        WorkerPool.Shared.Run(batch, _work, context.MaxThreads);
        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        if (!needInputGradient)
        {
            return null;
        }

        int batch = outputGradient.Shape[0];
        Tensor dx = Tensor.EnsureBatch(ref _inputGradient, batch, InputShape);
        _work.Set(forward: false, IsMax, _geometry, _input!, dx, _output!, outputGradient);
        WorkerPool.Shared.Run(batch, _work, context.MaxThreads);
        return dx;
    }

    // Padded positions never count: ONNX's MaxPool skips them and AveragePool has count_include_pad = 0 by default.
    internal override string ExportOnnx(OnnxBuilder graph, string input)
        => graph.Add(IsMax ? "MaxPool" : "AveragePool", [input], IsMax ? "max_pool" : "average_pool", _geometry.OnnxAttributes(SpatialRank, withDilation: false));

    internal override void WriteConfig(BinaryWriter writer)
    {
        foreach (int value in (int[])[PoolSize.Height, PoolSize.Width, Strides.Height, Strides.Width, (int)Padding])
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads what <see cref="WriteConfig"/> wrote and hands pool size, strides and padding to
    /// <paramref name="create"/>.</summary>
    private protected static T ReadConfig<T>(BinaryReader reader, Func<(int Height, int Width), (int Height, int Width), Padding, T> create)
    {
        var v = new int[5];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = reader.ReadInt32();
        }

        return create((v[0], v[1]), (v[2], v[3]), (Padding)v[4]);
    }

    /// <summary>Pools the channels of one example per index, or spreads their gradients back, plane by plane with
    /// <see cref="PoolPlane"/>.</summary>
    private sealed class PoolWork : IParallelBody
    {
        [ThreadStatic]
        private static float[]? t_row;

        private bool _forward;
        private bool _max;
        private ConvolutionGeometry _g;
        private Tensor? _input;
        private Tensor? _inputGradient;
        private Tensor? _output;
        private Tensor? _outputSide;

        /// <summary>Prepares a pass: <paramref name="outputSide"/> is the output (forward) or its gradient (backward);
        /// <paramref name="inputGradient"/> is null forward; <paramref name="output"/> is the forward output.</summary>
        public void Set(bool forward, bool max, in ConvolutionGeometry geometry, Tensor input, Tensor? inputGradient, Tensor output, Tensor outputSide)
        {
            (_forward, _max, _g) = (forward, max, geometry);
            _input = input;
            _output = output;
            _inputGradient = inputGradient;
            _outputSide = outputSide;
        }

        public void Run(int example)
        {
            for (int c = 0; c < _g.Channels; c++)
            {
                RunPlane((example * _g.Channels) + c);
            }
        }

        private void RunPlane(int index)
        {
            ConvolutionGeometry g = _g;
            ReadOnlySpan<float> plane = _input!.Span.Slice(index * g.InputPlane, g.InputPlane);
            Span<float> pooled = _outputSide!.Span.Slice(index * g.OutputPlane, g.OutputPlane);
            if (_forward)
            {
                PoolPlane.Forward(g, plane, pooled, _max, Scratch.Ensure(ref t_row, g.InputWidth).AsSpan(0, g.InputWidth));
            }
            else
            {
                ReadOnlySpan<float> output = _output!.Span.Slice(index * g.OutputPlane, g.OutputPlane);
                PoolPlane.Backward(g, plane, output, pooled, _inputGradient!.Span.Slice(index * g.InputPlane, g.InputPlane), _max);
            }
        }
    }
}
