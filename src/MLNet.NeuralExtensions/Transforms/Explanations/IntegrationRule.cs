namespace MLNet.NeuralExtensions.Transforms;

/// <summary>The Riemann sum Integrated Gradients takes along its path of m steps.</summary>
public enum IntegrationRule
{
    /// <summary>The trapezoid rule: the m + 1 points k/m, k = 0…m, the two ends weighted half (exact for a path whose
    /// gradient changes linearly).</summary>
    Trapezoid,

    /// <summary>The midpoint rule: the m points (k + ½)/m, k = 0…m − 1, equally weighted.</summary>
    Midpoint,
}
