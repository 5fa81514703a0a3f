using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Where a sliding window reads in one example of [channels × height × width]: window size, stride, dilation and the
/// padding before the first row and column. One-dimensional layers use a height of 1.
/// </summary>
internal readonly record struct ConvolutionGeometry(
    int Channels, int InputHeight, int InputWidth,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth,
    int PadTop, int PadLeft, int OutputHeight, int OutputWidth)
{
    public int InputPlane => InputHeight * InputWidth;

    public int OutputPlane => OutputHeight * OutputWidth;

    /// <summary>The number of input values under one window: the rows of the im2col matrix.</summary>
    public int WindowSize => Channels * KernelHeight * KernelWidth;

    /// <summary>The geometry of a window of <paramref name="window"/> sliding over channels-first examples of
    /// <paramref name="example"/>, which has <paramref name="spatialRank"/> (1 or 2) spatial axes; a shape that does not fit
    /// throws what <paramref name="shapeError"/> makes of it and of what was expected instead.</summary>
    public static ConvolutionGeometry ForExample(TensorShape example, int spatialRank, (int Height, int Width) window, (int Height, int Width) stride,
        (int Height, int Width) dilation, Padding padding, Func<TensorShape, string, ArgumentException> shapeError)
    {
        string expected = spatialRank == 1 ? "[channels×length]" : "[channels×height×width]";
        if (example.Rank != spatialRank + 1)
        {
            throw shapeError(example, $"{expected} (channels first)");
        }

        return Create(example[0], spatialRank == 1 ? 1 : example[1], example[-1], window, stride, dilation, padding)
            ?? throw shapeError(example, $"{expected} at least as large as the window {TensorShape.Format([((window.Height - 1) * dilation.Height) + 1, ((window.Width - 1) * dilation.Width) + 1])} with valid padding");
    }

    /// <summary>Checks the arguments every sliding-window layer takes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1 or the padding is not defined.</exception>
    public static void CheckArguments((int Height, int Width) window, (int Height, int Width) stride, Padding padding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(window.Height, window.Width), 1, nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(stride.Height, stride.Width), 1, nameof(stride));
        if (!Enum.IsDefined(padding))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be Valid or Same.");
        }
    }

    /// <summary>The output shape of one example for <paramref name="channels"/> output channels.</summary>
    public TensorShape OutputShape(int channels, int spatialRank)
        => spatialRank == 1 ? new TensorShape(channels, OutputWidth) : new TensorShape(channels, OutputHeight, OutputWidth);

    /// <summary>ONNX's attributes for this window over <paramref name="spatialRank"/> axes: kernel_shape, strides, pads
    /// (all begins, then all ends; the end takes what is left over, as the geometry pads) and, when
    /// <paramref name="withDilation"/>, dilations.</summary>
    public IEnumerable<OnnxAttribute> OnnxAttributes(int spatialRank, bool withDilation)
    {
        int padBottom = Math.Max(0, ((OutputHeight - 1) * StrideHeight) + ((KernelHeight - 1) * DilationHeight) + 1 - InputHeight - PadTop);
        int padRight = Math.Max(0, ((OutputWidth - 1) * StrideWidth) + ((KernelWidth - 1) * DilationWidth) + 1 - InputWidth - PadLeft);
        long[] Axes(int height, int width) => spatialRank == 1 ? [width] : [height, width];
        yield return OnnxAttribute.Ints("kernel_shape", Axes(KernelHeight, KernelWidth));
        yield return OnnxAttribute.Ints("strides", Axes(StrideHeight, StrideWidth));
        yield return OnnxAttribute.Ints("pads", [.. Axes(PadTop, PadLeft), .. Axes(padBottom, padRight)]);
        if (withDilation)
        {
            yield return OnnxAttribute.Ints("dilations", Axes(DilationHeight, DilationWidth));
        }
    }

    /// <summary>Computes the output size and padding, or returns null when the window does not fit in a valid
    /// convolution.</summary>
    public static ConvolutionGeometry? Create(int channels, int height, int width, (int Height, int Width) kernel,
        (int Height, int Width) stride, (int Height, int Width) dilation, Padding padding)
    {
        var (outHeight, padTop) = Axis(height, kernel.Height, stride.Height, dilation.Height, padding);
        var (outWidth, padLeft) = Axis(width, kernel.Width, stride.Width, dilation.Width, padding);
        return outHeight < 1 || outWidth < 1
            ? null
            : new ConvolutionGeometry(channels, height, width, kernel.Height, kernel.Width, stride.Height, stride.Width,
                dilation.Height, dilation.Width, padTop, padLeft, outHeight, outWidth);
    }

    /// <summary>The output positions of one axis whose input index ow·stride − pad + offset lies inside the input, as
    /// the range [first, last).</summary>
    public static (int First, int Last) InsideRange(int outputs, int inputs, int stride, int start)
    {
        // Input index of output o is o·stride + start; keep 0 ≤ it < inputs.
        int first = start >= 0 ? 0 : (-start + stride - 1) / stride;
        int last = inputs - start <= 0 ? 0 : Math.Min(outputs, ((inputs - start - 1) / stride) + 1);
        return (first, Math.Max(first, last));
    }

    private static (int Outputs, int PadBefore) Axis(int size, int kernel, int stride, int dilation, Padding padding)
    {
        int span = ((kernel - 1) * dilation) + 1;
        if (padding == Padding.Valid)
        {
            return (size < span ? 0 : ((size - span) / stride) + 1, 0);
        }

        int outputs = (size + stride - 1) / stride;
        int total = Math.Max(((outputs - 1) * stride) + span - size, 0);
        return (outputs, total / 2);
    }
}
