using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Kernels;
using MLNet.NeuralExtensions.Onnx;

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

    private protected bool IsMax { get; }

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
    internal override string ExportOnnx(OnnxGraph graph, string input)
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

    /// <summary>Pools the channels of one example per index, or spreads their gradients back.</summary>
    /// <remarks>
    /// Forward, the rows under a window are first combined element-wise over their whole width (vectorized), then each
    /// window reduces its few columns of that combined row; there is no data-dependent branch, which mattered: with a
    /// compare-and-branch per element, mispredictions on real images (ties between zeros from ReLU are common) made max
    /// pooling as slow as the convolution before it. The max gradient goes to the first position of each window that
    /// holds the pooled value.
    /// </remarks>
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
                Forward(g, plane, pooled, _max, Scratch.Ensure(ref t_row, g.InputWidth).AsSpan(0, g.InputWidth));
            }
            else
            {
                ReadOnlySpan<float> output = _output!.Span.Slice(index * g.OutputPlane, g.OutputPlane);
                Backward(g, plane, output, pooled, _inputGradient!.Span.Slice(index * g.InputPlane, g.InputPlane), _max);
            }
        }

        private static void Forward(in ConvolutionGeometry geometry, ReadOnlySpan<float> plane, Span<float> pooled, bool max, Span<float> row)
        {
            ConvolutionGeometry g = geometry;
            int width = g.InputWidth;
            for (int oh = 0; oh < g.OutputHeight; oh++)
            {
                var (h0, h1) = Window(oh, g.StrideHeight, g.PadTop, g.KernelHeight, g.InputHeight);
                plane.Slice(h0 * width, width).CopyTo(row);
                for (int h = h0 + 1; h < h1; h++)
                {
                    ReadOnlySpan<float> next = plane.Slice(h * width, width);
                    if (max)
                    {
                        TensorPrimitives.Max(row, next, row);
                    }
                    else
                    {
                        TensorPrimitives.Add(row, next, row);
                    }
                }

                // The hardware maximum is branch-free but drops NaNs, so a row holding one takes the exact path.
                bool exact = max && float.IsNaN(TensorPrimitives.Sum(row));
                for (int ow = 0; ow < g.OutputWidth; ow++)
                {
                    var (w0, w1) = Window(ow, g.StrideWidth, g.PadLeft, g.KernelWidth, width);
                    float value = row[w0];
                    for (int w = w0 + 1; w < w1; w++)
                    {
                        value = !max ? value + row[w] : exact ? MathF.Max(value, row[w]) : float.MaxNative(value, row[w]);
                    }

                    pooled[(oh * g.OutputWidth) + ow] = max ? value : value / ((h1 - h0) * (w1 - w0));
                }
            }
        }

        private static void Backward(in ConvolutionGeometry geometry, ReadOnlySpan<float> plane, ReadOnlySpan<float> pooled, ReadOnlySpan<float> gradient,
            Span<float> inputGradient, bool max)
        {
            ConvolutionGeometry g = geometry;
            int width = g.InputWidth;
            if (max && Tiles(g))
            {
                MaxBackwardTiled(g, plane, pooled, gradient, inputGradient);
                return;
            }

            inputGradient.Clear();
            for (int oh = 0; oh < g.OutputHeight; oh++)
            {
                var (h0, h1) = Window(oh, g.StrideHeight, g.PadTop, g.KernelHeight, g.InputHeight);
                for (int ow = 0; ow < g.OutputWidth; ow++)
                {
                    var (w0, w1) = Window(ow, g.StrideWidth, g.PadLeft, g.KernelWidth, width);
                    float dy = gradient[(oh * g.OutputWidth) + ow];
                    if (max)
                    {
                        inputGradient[FirstOf(pooled[(oh * g.OutputWidth) + ow], plane, width, h0, h1, w0, w1)] += dy;
                        continue;
                    }

                    float share = dy / ((h1 - h0) * (w1 - w0));
                    for (int h = h0; h < h1; h++)
                    {
                        Span<float> segment = inputGradient.Slice((h * width) + w0, w1 - w0);
                        TensorPrimitives.Add(segment, share, segment);
                    }
                }
            }
        }

        /// <summary>Whether the windows cover the plane exactly once: strides equal to the window, no padding, no
        /// leftover rows or columns.</summary>
        private static bool Tiles(in ConvolutionGeometry g)
            => g.StrideHeight == g.KernelHeight && g.StrideWidth == g.KernelWidth && g.PadTop == 0 && g.PadLeft == 0
                && g.OutputHeight * g.KernelHeight == g.InputHeight && g.OutputWidth * g.KernelWidth == g.InputWidth;

        /// <summary>Max-pooling backward when the windows tile the plane: every input position is written once, the
        /// gradient where it is its window's first maximum and 0 elsewhere, so the plane needs no clearing pass.</summary>
        private static void MaxBackwardTiled(in ConvolutionGeometry geometry, ReadOnlySpan<float> plane, ReadOnlySpan<float> pooled, ReadOnlySpan<float> gradient, Span<float> inputGradient)
        {
            ConvolutionGeometry g = geometry;
            int width = g.InputWidth;
            for (int oh = 0; oh < g.OutputHeight; oh++)
            {
                int h0 = oh * g.KernelHeight;
                for (int ow = 0; ow < g.OutputWidth; ow++)
                {
                    int o = (oh * g.OutputWidth) + ow, w0 = ow * g.KernelWidth;
                    int at = FirstOf(pooled[o], plane, width, h0, h0 + g.KernelHeight, w0, w0 + g.KernelWidth);
                    float dy = gradient[o];
                    for (int h = h0; h < h0 + g.KernelHeight; h++)
                    {
                        for (int i = (h * width) + w0, end = i + g.KernelWidth; i < end; i++)
                        {
                            inputGradient[i] = dy * Flag(i == at);
                        }
                    }
                }
            }
        }

        /// <summary>The first position of the window holding <paramref name="value"/>, its maximum (the window's first
        /// position when the maximum is NaN). Searched backwards with a conditional move rather than a branch.</summary>
        private static int FirstOf(float value, ReadOnlySpan<float> plane, int width, int h0, int h1, int w0, int w1)
        {
            int at = (h0 * width) + w0;
            for (int h = h1 - 1; h >= h0; h--)
            {
                for (int i = (h * width) + w1 - 1, first = (h * width) + w0; i >= first; i--)
                {
                    at += (int)Flag(plane[i] == value) * (i - at);
                }
            }

            return at;
        }

        /// <summary>1 for true, 0 for false, without a branch: the comparisons here are coin tosses on real data, and
        /// the JIT compiles a conditional expression on them to a mispredicted jump.</summary>
        private static float Flag(bool condition) => Unsafe.BitCast<bool, byte>(condition);

        /// <summary>The input range [first, last) of output position <paramref name="o"/> along one axis, padding excluded.</summary>
        private static (int First, int Last) Window(int o, int stride, int pad, int kernel, int size)
        {
            int start = (o * stride) - pad;
            return (Math.Max(start, 0), Math.Min(start + kernel, size));
        }
    }
}
