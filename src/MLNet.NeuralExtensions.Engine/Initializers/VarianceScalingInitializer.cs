namespace MLNet.NeuralExtensions.Engine;

internal sealed class VarianceScalingInitializer(string name, double scale, Initializer.FanMode mode, bool uniform) : Initializer
{
    // The standard deviation of a unit normal truncated to [−2, 2].
    private const double TruncatedStandardDeviation = 0.87962566103423978;

    internal override void Fill(Span<float> values, int fanIn, int fanOut, Random random)
    {
        double fan = mode == FanMode.In ? fanIn : (fanIn + fanOut) / 2.0;
        double variance = scale / Math.Max(1.0, fan);
        if (uniform)
        {
            double limit = Math.Sqrt(3 * variance);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(((random.NextDouble() * 2) - 1) * limit);
            }

            return;
        }

        double deviation = Math.Sqrt(variance) / TruncatedStandardDeviation;
        for (int i = 0; i < values.Length; i++)
        {
            double z;
            do
            {
                z = Gaussian.Sample(random);
            }
            while (Math.Abs(z) > 2);
            values[i] = (float)(z * deviation);
        }
    }

    public override string ToString() => name;
}
