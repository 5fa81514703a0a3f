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
                    if (IsShift(g))
                    {
                        ExpandShifted(g, plane, target, (kh * g.DilationHeight) - g.PadTop, startW, first, last);
                        continue;
                    }

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
    /// is cleared first. The columns are used as scratch: entries under the padding are zeroed.</summary>
    public static void Fold(in ConvolutionGeometry g, Span<float> columns, int rowStride, int columnOffset, Span<float> image)
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
                    Span<float> source = columns.Slice((row * rowStride) + columnOffset, g.OutputPlane);
                    int startW = (kw * g.DilationWidth) - g.PadLeft;
                    var (first, last) = ConvolutionGeometry.InsideRange(g.OutputWidth, g.InputWidth, g.StrideWidth, startW);
                    if (IsShift(g))
                    {
                        FoldShifted(g, source, plane, (kh * g.DilationHeight) - g.PadTop, startW, first, last);
                        continue;
                    }

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

    /// <summary>Whether every column row is the input plane shifted as a whole: unit strides and an output as wide as the
    /// input (same padding), so that output and input rows have the same length.</summary>
    private static bool IsShift(in ConvolutionGeometry g) => g.StrideHeight == 1 && g.StrideWidth == 1 && g.OutputWidth == g.InputWidth;

    /// <summary>Writes one column row as one block copy of the plane, offset by <paramref name="startH"/> rows and
    /// <paramref name="startW"/> columns, then zeroes the entries that wrapped around a row end (outside [first, last))
    /// and the rows outside the input.</summary>
    private static void ExpandShifted(in ConvolutionGeometry g, ReadOnlySpan<float> plane, Span<float> target, int startH, int startW, int first, int last)
    {
        var (top, bottom) = ConvolutionGeometry.InsideRange(g.OutputHeight, g.InputHeight, 1, startH);
        int width = g.OutputWidth;
        target[..(top * width)].Clear();
        target[(bottom * width)..].Clear();
        var (from, to) = ShiftedBlock(g, top, bottom, startH, startW);
        if (to > from)
        {
            plane.Slice(from + (startH * width) + startW, to - from).CopyTo(target[from..to]);
        }

        ClearWrapped(target, width, top, bottom, first, last);
    }

    /// <summary>The adjoint of <see cref="ExpandShifted"/>: zeroes the wrapped entries of the column row, then adds it to
    /// the plane as one block.</summary>
    private static void FoldShifted(in ConvolutionGeometry g, Span<float> source, Span<float> plane, int startH, int startW, int first, int last)
    {
        var (top, bottom) = ConvolutionGeometry.InsideRange(g.OutputHeight, g.InputHeight, 1, startH);
        int width = g.OutputWidth;
        ClearWrapped(source, width, top, bottom, first, last);
        var (from, to) = ShiftedBlock(g, top, bottom, startH, startW);
        if (to > from)
        {
            Span<float> segment = plane.Slice(from + (startH * width) + startW, to - from);
            System.Numerics.Tensors.TensorPrimitives.Add(segment, source[from..to], segment);
        }
    }

    /// <summary>Zeroes columns outside [first, last) of rows top..bottom of a column row: element by element, since there
    /// are only a few per row (the kernel's overhang) and a call per row to clear them cost more than the block copy.</summary>
    private static void ClearWrapped(Span<float> row, int width, int top, int bottom, int first, int last)
    {
        for (int oh = top; oh < bottom; oh++)
        {
            Span<float> line = row.Slice(oh * width, width);
            for (int w = 0; w < first; w++)
            {
                line[w] = 0f;
            }

            for (int w = last; w < width; w++)
            {
                line[w] = 0f;
            }
        }
    }

    /// <summary>The range [from, to) of flat output positions in rows top..bottom whose flat input position
    /// (position + startH·width + startW) lies inside the plane.</summary>
    private static (int From, int To) ShiftedBlock(in ConvolutionGeometry g, int top, int bottom, int startH, int startW)
    {
        int width = g.OutputWidth, offset = (startH * width) + startW;
        int from = Math.Max(top * width, -offset);
        int to = Math.Min(bottom * width, g.InputPlane - offset);
        return (from, to);
    }
}
