namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Fills a [fanIn × fanOut] matrix with orthonormal rows or columns (whichever are fewer) times a gain: a normal random
/// matrix orthonormalized by modified Gram–Schmidt, as Saxe et al. (2014) recommend for recurrent kernels.
/// </summary>
internal sealed class OrthogonalInitializer(float gain) : Initializer
{
    internal override void Fill(Span<float> values, int fanIn, int fanOut, Random random)
    {
        // Orthonormalize the shorter side: vectors of length `length`, `count` of them.
        bool byRows = fanIn <= fanOut;
        int count = byRows ? fanIn : fanOut;
        int length = byRows ? fanOut : fanIn;
        var q = new double[count * length];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = Gaussian.Sample(random);
        }

        for (int v = 0; v < count; v++)
        {
            Span<double> current = q.AsSpan(v * length, length);
            for (int u = 0; u < v; u++)
            {
                ReadOnlySpan<double> previous = q.AsSpan(u * length, length);
                double dot = 0;
                for (int i = 0; i < length; i++)
                {
                    dot += current[i] * previous[i];
                }

                for (int i = 0; i < length; i++)
                {
                    current[i] -= dot * previous[i];
                }
            }

            double norm = 0;
            foreach (double x in current)
            {
                norm += x * x;
            }

            norm = Math.Sqrt(norm);
            for (int i = 0; i < length; i++)
            {
                current[i] /= norm;
            }
        }

        for (int r = 0; r < fanIn; r++)
        {
            for (int c = 0; c < fanOut; c++)
            {
                double x = byRows ? q[(r * length) + c] : q[(c * length) + r];
                values[(r * fanOut) + c] = (float)(gain * x);
            }
        }
    }

    public override string ToString() => $"Orthogonal({gain})";
}
