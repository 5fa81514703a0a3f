namespace MLNet.NeuralExtensions.Engine.Kernels;

/// <summary>
/// Lays the windows of a convolution out as columns so that the convolution becomes one matrix product, and folds
/// column gradients back onto the image. For a batch, example b owns columns b·P … (b+1)·P − 1 of a
/// [window size × batch·P] matrix, P being the output positions of one example; row (c, kh, kw) of a column holds the
/// input value under kernel tap (kh, kw) of channel c, or 0 where the window overhangs the padding.
/// </summary>
internal static class Im2Col
{
    /// <summary>Writes the columns of one example.</summary>
    public static void Expand(in ConvolutionGeometry g, ReadOnlySpan<float> image, Span<float> columns, int rowStride, int columnOffset)
    {
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            ReadOnlySpan<float> plane = image.Slice(c * g.InputPlane, g.InputPlane);
            for (int kh = 0; kh < g.KernelHeight; kh++)
            {
                for (int kw = 0; kw < g.KernelWidth; kw++, row++)
                {
                    Span<float> target = columns.Slice((row * rowStride) + columnOffset, g.OutputPlane);
                    int startW = (kw * g.DilationWidth) - g.PadLeft;
                    var (first, last) = ConvolutionGeometry.InsideRange(g.OutputWidth, g.InputWidth, g.StrideWidth, startW);
                    for (int oh = 0; oh < g.OutputHeight; oh++)
                    {
                        Span<float> line = target.Slice(oh * g.OutputWidth, g.OutputWidth);
                        int ih = (oh * g.StrideHeight) - g.PadTop + (kh * g.DilationHeight);
                        if ((uint)ih >= (uint)g.InputHeight)
                        {
                            line.Clear();
                            continue;
                        }

                        line[..first].Clear();
                        line[last..].Clear();
                        ReadOnlySpan<float> source = plane.Slice(ih * g.InputWidth, g.InputWidth);
                        if (g.StrideWidth == 1)
                        {
                            source.Slice(first + startW, last - first).CopyTo(line[first..last]);
                        }
                        else
                        {
                            for (int ow = first; ow < last; ow++)
                            {
                                line[ow] = source[(ow * g.StrideWidth) + startW];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds the columns of one example back onto its image (the adjoint of <see cref="Expand"/>); the image
    /// is cleared first.</summary>
    public static void Fold(in ConvolutionGeometry g, ReadOnlySpan<float> columns, int rowStride, int columnOffset, Span<float> image)
    {
        image.Clear();
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            Span<float> plane = image.Slice(c * g.InputPlane, g.InputPlane);
            for (int kh = 0; kh < g.KernelHeight; kh++)
            {
                for (int kw = 0; kw < g.KernelWidth; kw++, row++)
                {
                    ReadOnlySpan<float> source = columns.Slice((row * rowStride) + columnOffset, g.OutputPlane);
                    int startW = (kw * g.DilationWidth) - g.PadLeft;
                    var (first, last) = ConvolutionGeometry.InsideRange(g.OutputWidth, g.InputWidth, g.StrideWidth, startW);
                    for (int oh = 0; oh < g.OutputHeight; oh++)
                    {
                        int ih = (oh * g.StrideHeight) - g.PadTop + (kh * g.DilationHeight);
                        if ((uint)ih >= (uint)g.InputHeight)
                        {
                            continue;
                        }

                        ReadOnlySpan<float> line = source.Slice(oh * g.OutputWidth, g.OutputWidth);
                        Span<float> target = plane.Slice(ih * g.InputWidth, g.InputWidth);
                        if (g.StrideWidth == 1)
                        {
                            Span<float> segment = target.Slice(first + startW, last - first);
                            System.Numerics.Tensors.TensorPrimitives.Add(segment, line[first..last], segment);
                        }
                        else
                        {
                            for (int ow = first; ow < last; ow++)
                            {
                                target[(ow * g.StrideWidth) + startW] += line[ow];
                            }
                        }
                    }
                }
            }
        }
    }
}
