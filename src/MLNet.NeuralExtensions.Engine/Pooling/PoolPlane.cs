using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Pooling of one channel plane and its gradient: the kernels under the pooling layers, and under a convolution that
/// max-pools its own output.
/// </summary>
/// <remarks>
/// Forward, the rows under a window are first combined element-wise over their whole width (vectorized), then each
/// window reduces its few columns of that combined row; there is no data-dependent branch, which mattered: with a
/// compare-and-branch per element, mispredictions on real images (ties between zeros from ReLU are common) made max
/// pooling as slow as the convolution before it. The max gradient goes to the first position of each window that
/// holds the pooled value.
/// </remarks>
internal static class PoolPlane
{
    /// <summary>Pools <paramref name="plane"/> into <paramref name="pooled"/>; <paramref name="row"/> is scratch of the
    /// input's width.</summary>
    public static void Forward(in ConvolutionGeometry geometry, ReadOnlySpan<float> plane, Span<float> pooled, bool max, Span<float> row)
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

    /// <summary>Writes the gradient of <paramref name="plane"/>, whose pooled values were <paramref name="pooled"/>, from
    /// their <paramref name="gradient"/>.</summary>
    public static void Backward(in ConvolutionGeometry geometry, ReadOnlySpan<float> plane, ReadOnlySpan<float> pooled, ReadOnlySpan<float> gradient,
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

    /// <summary>Max-pools <paramref name="plane"/> into <paramref name="pooled"/> as <see cref="Forward"/> does, and writes
    /// into <paramref name="positions"/> the index in the plane of each pooled value: its window's first maximum, where
    /// <see cref="Backward"/> would send its gradient.</summary>
    public static void MaxWithPositions(in ConvolutionGeometry geometry, ReadOnlySpan<float> plane, Span<float> pooled, Span<int> positions, Span<float> row)
    {
        ConvolutionGeometry g = geometry;
        if (Tiles(g) && g.KernelHeight == 2 && g.KernelWidth == 2)
        {
            MaxWithPositionsTwoByTwo(g, plane, pooled, positions);
            return;
        }

        Forward(g, plane, pooled, max: true, row);
        for (int oh = 0; oh < g.OutputHeight; oh++)
        {
            var (h0, h1) = Window(oh, g.StrideHeight, g.PadTop, g.KernelHeight, g.InputHeight);
            for (int ow = 0; ow < g.OutputWidth; ow++)
            {
                var (w0, w1) = Window(ow, g.StrideWidth, g.PadLeft, g.KernelWidth, g.InputWidth);
                int o = (oh * g.OutputWidth) + ow;
                positions[o] = FirstOf(pooled[o], plane, g.InputWidth, h0, h1, w0, w1);
            }
        }
    }

    /// <summary><see cref="MaxWithPositions"/> for 2×2 windows that tile the plane, the common case, in one pass: each
    /// window's four values in one vector, their maximum, and the first of them (row by row) equal to it, from the mask
    /// of the matches, without branches. A window holding a NaN pools to NaN from its first position, as
    /// <see cref="Forward"/> and <see cref="Backward"/> treat it.</summary>
    private static void MaxWithPositionsTwoByTwo(in ConvolutionGeometry g, ReadOnlySpan<float> plane, Span<float> pooled, Span<int> positions)
    {
        int width = g.InputWidth;
        for (int oh = 0; oh < g.OutputHeight; oh++)
        {
            int top = 2 * oh * width;
            ReadOnlySpan<double> upper = MemoryMarshal.Cast<float, double>(plane.Slice(top, 2 * g.OutputWidth));
            ReadOnlySpan<double> lower = MemoryMarshal.Cast<float, double>(plane.Slice(top + width, 2 * g.OutputWidth));
            Span<float> values = pooled.Slice(oh * g.OutputWidth, g.OutputWidth);
            Span<int> at = positions.Slice(oh * g.OutputWidth, g.OutputWidth);
            for (int ow = 0; ow < values.Length; ow++)
            {
                // Lanes a, b (upper row), c, d (lower row); the maximum ends up in every lane.
                Vector128<float> window = Vector128.Create(upper[ow], lower[ow]).AsSingle();
                Vector128<float> pairs = Vector128.MaxNative(window, Vector128.Shuffle(window, Vector128.Create(1, 0, 3, 2)));
                Vector128<float> max = Vector128.MaxNative(pairs, Vector128.Shuffle(pairs, Vector128.Create(2, 3, 0, 1)));
                int first = BitOperations.TrailingZeroCount(Vector128.Equals(window, max).ExtractMostSignificantBits() | 8u);
                bool nan = !Vector128.EqualsAll(window, window);
                values[ow] = nan ? float.NaN : max.ToScalar();
                at[ow] = top + (2 * ow) + (nan ? 0 : (first & 1) + ((first >> 1) * width));
            }
        }
    }

    /// <summary>The max-pooling gradient of a plane from the <paramref name="positions"/> its pooled values came from
    /// (see <see cref="MaxWithPositions"/>): <paramref name="inputGradient"/> is cleared, then each pooled value's
    /// gradient is added at its position.</summary>
    public static void ScatterMax(ReadOnlySpan<int> positions, ReadOnlySpan<float> gradient, Span<float> inputGradient)
    {
        inputGradient.Clear();
        for (int o = 0; o < positions.Length; o++)
        {
            inputGradient[positions[o]] += gradient[o];
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
                at ^= (at ^ i) & -Bit(plane[i] == value);
            }
        }

        return at;
    }

    /// <summary>1 for true, 0 for false, without a branch: the comparisons here are coin tosses on real data, and
    /// the JIT compiles a conditional expression on them to a mispredicted jump.</summary>
    private static float Flag(bool condition) => Bit(condition);

    /// <summary>1 for true, 0 for false, as an integer, without a branch (see <see cref="Flag"/>).</summary>
    private static int Bit(bool condition) => Unsafe.BitCast<bool, byte>(condition);

    /// <summary>The input range [first, last) of output position <paramref name="o"/> along one axis, padding excluded.</summary>
    private static (int First, int Last) Window(int o, int stride, int pad, int kernel, int size)
    {
        int start = (o * stride) - pad;
        return (Math.Max(start, 0), Math.Min(start + kernel, size));
    }
}
