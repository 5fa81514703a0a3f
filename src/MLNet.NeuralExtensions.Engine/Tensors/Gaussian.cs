namespace MLNet.NeuralExtensions.Engine;

/// <summary>Standard normal samples for initializers and noise layers.</summary>
internal static class Gaussian
{
    /// <summary>A standard normal sample by the Box–Muller transform.</summary>
    public static double Sample(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
