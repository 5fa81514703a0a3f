namespace MLNet.NeuralExtensions.Engine;

/// <summary>Special functions the engine and the transforms share.</summary>
internal static class SpecialFunctions
{
    /// <summary>The error function, by Abramowitz and Stegun's formula 7.1.26 (absolute error below 1.5e-7).</summary>
    public static double Erf(double x)
    {
        double sign = Math.Sign(x);
        x = Math.Abs(x);
        double t = 1 / (1 + (0.3275911 * x));
        double poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return sign * (1 - (poly * Math.Exp(-x * x)));
    }
}
