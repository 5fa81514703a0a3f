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
