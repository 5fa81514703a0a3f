namespace MLNet.NeuralExtensions.Engine.Kernels;

/// <summary>
/// Resizes a row-major plane of (height × width) values to another size by bilinear interpolation, as PyTorch's
/// <c>interpolate(mode="bilinear", align_corners=False)</c> (and OpenCV's <c>resize</c>) do: output pixel centres are
/// mapped onto the source's (source = (target + ½) · source size / target size − ½, clamped at 0), and each output is the
/// weighted mean of the two nearest source rows and columns. A height of 1 on both sides is linear interpolation along
/// the width. The tables are made once; <see cref="Resize"/> allocates nothing.
/// </summary>
internal sealed class BilinearUpsampling
{
    private readonly Axis _rows;
    private readonly Axis _columns;

    /// <summary>Prepares resizing planes of <paramref name="source"/> to <paramref name="target"/>, both at least 1 × 1.</summary>
    public BilinearUpsampling((int Height, int Width) source, (int Height, int Width) target)
    {
        _rows = new Axis(source.Height, target.Height);
        _columns = new Axis(source.Width, target.Width);
    }

    /// <summary>Writes the resized <paramref name="source"/> (source height × width values) into
    /// <paramref name="target"/> (target height × width values).</summary>
    public void Resize(ReadOnlySpan<float> source, Span<float> target)
    {
        int sourceWidth = _columns.SourceSize, width = _columns.Low.Length;
        for (int y = 0; y < _rows.Low.Length; y++)
        {
            ReadOnlySpan<float> low = source.Slice(_rows.Low[y] * sourceWidth, sourceWidth), high = source.Slice(_rows.High[y] * sourceWidth, sourceWidth);
            float h1 = _rows.Weight[y], h0 = 1f - h1;
            Span<float> row = target.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int x0 = _columns.Low[x], x1 = _columns.High[x];
                float w1 = _columns.Weight[x], w0 = 1f - w1;
                row[x] = (h0 * ((w0 * low[x0]) + (w1 * low[x1]))) + (h1 * ((w0 * high[x0]) + (w1 * high[x1])));
            }
        }
    }

    /// <summary>For each target position along one axis: the two source positions it lies between and the weight of
    /// the second.</summary>
    private sealed class Axis
    {
        public Axis(int sourceSize, int targetSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(sourceSize, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(targetSize, 1);
            SourceSize = sourceSize;
            Low = new int[targetSize];
            High = new int[targetSize];
            Weight = new float[targetSize];
            float scale = (float)sourceSize / targetSize;
            for (int t = 0; t < targetSize; t++)
            {
                float position = Math.Max(((t + 0.5f) * scale) - 0.5f, 0f);
                int low = (int)position;
                Low[t] = low;
                High[t] = low < sourceSize - 1 ? low + 1 : low;
                Weight[t] = position - low;
            }
        }

        public int SourceSize { get; }

        public int[] Low { get; }

        public int[] High { get; }

        public float[] Weight { get; }
    }
}
