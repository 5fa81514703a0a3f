namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A weight penalty added to the training loss: <c>L1 · Σ|w| + L2 · Σw²</c> (Keras' convention, so its gradient is
/// <c>L1 · sign(w) + 2 · L2 · w</c>).
/// </summary>
/// <param name="L1">The L1 factor; 0 for none.</param>
/// <param name="L2">The L2 factor; 0 for none.</param>
public sealed record Regularization(float L1 = 0f, float L2 = 0f)
{
    /// <summary>Returns the penalty of <paramref name="weights"/> and adds its gradient to <paramref name="gradient"/>.</summary>
    internal double Apply(ReadOnlySpan<float> weights, Span<float> gradient)
    {
        double penalty = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            float w = weights[i];
            penalty += (L1 * Math.Abs(w)) + (L2 * w * (double)w);
            gradient[i] += (L1 * MathF.Sign(w)) + (2f * L2 * w);
        }

        return penalty;
    }
}
