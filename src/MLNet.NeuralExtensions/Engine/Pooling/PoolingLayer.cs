using MLNet.NeuralExtensions.Engine.Kernels;

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
    private Tensor? _output;
    private Tensor? _inputGradient;
    private int[]? _argMax;

    private protected PoolingLayer(bool max, (int Height, int Width) poolSize, (int Height, int Width)? strides, Padding padding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(poolSize.Height, poolSize.Width), 1, nameof(poolSize));
        var step = strides ?? poolSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(step.Height, step.Width), 1, nameof(strides));
        if (!Enum.IsDefined(padding))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be Valid or Same.");
        }

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

    private protected bool IsMax { get; }

    /// <summary>1 for the 1-D layers, 2 for the 2-D ones.</summary>
    private protected abstract int SpatialRank { get; }

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        string expected = SpatialRank == 1 ? "[channels×length]" : "[channels×height×width]";
        if (inputShape.Rank != SpatialRank + 1)
        {
            throw ShapeError(inputShape, $"{expected} (channels first)");
        }

        int height = SpatialRank == 1 ? 1 : inputShape[1];
        _geometry = ConvolutionGeometry.Create(inputShape[0], height, inputShape[-1], PoolSize, Strides, (1, 1), Padding)
            ?? throw ShapeError(inputShape, $"{expected} at least as large as the pool {TensorShape.Format([PoolSize.Height, PoolSize.Width])} with valid padding");
        return SpatialRank == 1
            ? new TensorShape(inputShape[0], _geometry.OutputWidth)
            : new TensorShape(inputShape[0], _geometry.OutputHeight, _geometry.OutputWidth);
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        int batch = input.Shape[0];
        Tensor y = Tensor.EnsureBatch(ref _output, batch, OutputShape);
        int[]? argMax = IsMax ? Scratch.Ensure(ref _argMax, y.Length) : null;
        _work.Set(forward: true, IsMax, _geometry, input, y, argMax);
        WorkerPool.Shared.Run(batch * _geometry.Channels, _work, context.MaxThreads);
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
        _work.Set(forward: false, IsMax, _geometry, dx, outputGradient, _argMax);
        WorkerPool.Shared.Run(batch * _geometry.Channels, _work, context.MaxThreads);
        return dx;
    }

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

    /// <summary>Pools one channel of one example per index, or spreads its gradient back.</summary>
    private sealed class PoolWork : IParallelBody
    {
        private bool _forward;
        private bool _max;
        private ConvolutionGeometry _g;
        private Tensor? _inputSide;
        private Tensor? _outputSide;
        private int[]? _argMax;

        /// <summary>Prepares a pass; <paramref name="inputSide"/> is the input (forward) or its gradient (backward), and
        /// <paramref name="outputSide"/> the output or its gradient.</summary>
        public void Set(bool forward, bool max, in ConvolutionGeometry geometry, Tensor inputSide, Tensor outputSide, int[]? argMax)
        {
            (_forward, _max, _g) = (forward, max, geometry);
            _inputSide = inputSide;
            _outputSide = outputSide;
            _argMax = argMax;
        }

        public void Run(int index)
        {
            Span<float> plane = _inputSide!.Span.Slice(index * _g.InputPlane, _g.InputPlane);
            Span<float> pooled = _outputSide!.Span.Slice(index * _g.OutputPlane, _g.OutputPlane);
            Span<int> argMax = _max ? _argMax.AsSpan(index * _g.OutputPlane, _g.OutputPlane) : default;
            if (!_forward)
            {
                plane.Clear();
            }

            for (int oh = 0; oh < _g.OutputHeight; oh++)
            {
                int top = (oh * _g.StrideHeight) - _g.PadTop;
                int h0 = Math.Max(top, 0), h1 = Math.Min(top + _g.KernelHeight, _g.InputHeight);
                for (int ow = 0; ow < _g.OutputWidth; ow++)
                {
                    int left = (ow * _g.StrideWidth) - _g.PadLeft;
                    int w0 = Math.Max(left, 0), w1 = Math.Min(left + _g.KernelWidth, _g.InputWidth);
                    int o = (oh * _g.OutputWidth) + ow;
                    if (_max)
                    {
                        if (_forward)
                        {
                            pooled[o] = Max(plane, h0, h1, w0, w1, out argMax[o]);
                        }
                        else
                        {
                            plane[argMax[o]] += pooled[o];
                        }
                    }
                    else
                    {
                        float share = 1f / ((h1 - h0) * (w1 - w0));
                        if (_forward)
                        {
                            pooled[o] = Sum(plane, h0, h1, w0, w1) * share;
                        }
                        else
                        {
                            Spread(plane, h0, h1, w0, w1, pooled[o] * share);
                        }
                    }
                }
            }
        }

        private float Max(ReadOnlySpan<float> plane, int h0, int h1, int w0, int w1, out int at)
        {
            float best = float.NegativeInfinity;
            at = (h0 * _g.InputWidth) + w0;
            for (int h = h0; h < h1; h++)
            {
                for (int w = w0; w < w1; w++)
                {
                    int i = (h * _g.InputWidth) + w;
                    if (plane[i] > best || float.IsNaN(plane[i]))
                    {
                        best = plane[i];
                        at = i;
                    }
                }
            }

            return best;
        }

        private float Sum(ReadOnlySpan<float> plane, int h0, int h1, int w0, int w1)
        {
            float sum = 0f;
            for (int h = h0; h < h1; h++)
            {
                sum += System.Numerics.Tensors.TensorPrimitives.Sum(plane.Slice((h * _g.InputWidth) + w0, w1 - w0));
            }

            return sum;
        }

        private void Spread(Span<float> plane, int h0, int h1, int w0, int w1, float value)
        {
            for (int h = h0; h < h1; h++)
            {
                Span<float> row = plane.Slice((h * _g.InputWidth) + w0, w1 - w0);
                System.Numerics.Tensors.TensorPrimitives.Add(row, value, row);
            }
        }
    }
}
