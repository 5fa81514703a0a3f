namespace MLNet.NeuralExtensions.Engine;

/// <summary>Categorical focal loss as Keras defines it: −Σ α · t_j · (1 − p_j)^γ · log p_j, one-hot targets.</summary>
/// <param name="alpha">The weight α; default 0.25.</param>
/// <param name="gamma">The focusing exponent γ ≥ 0; default 2.</param>
/// <param name="fromLogits">Whether outputs are logits; default false.</param>
/// <param name="labelSmoothing">Label smoothing in [0, 1]; default 0.</param>
public sealed class CategoricalFocalCrossEntropy(float alpha = 0.25f, float gamma = 2f, bool fromLogits = false, float labelSmoothing = 0f) : CategoricalLossBase(fromLogits, labelSmoothing)
{
    /// <summary>The weight α.</summary>
    public float Alpha { get; } = alpha >= 0f ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be at least 0.");

    /// <summary>The focusing exponent γ.</summary>
    public float Gamma { get; } = gamma >= 0f ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be at least 0.");

    /// <inheritdoc/>
    public override string Name => "CategoricalFocalCrossEntropy";

    private protected override void ReadTarget(ReadOnlySpan<float> target, Span<double> distribution)
    {
        for (int j = 0; j < distribution.Length; j++)
        {
            distribution[j] = target[j];
        }
    }

    // d/dp of −α t (1 − p)^γ log p is −α t ((1 − p)^γ / p − γ (1 − p)^(γ−1) log p).
    private protected override double Terms(ReadOnlySpan<double> probability, ReadOnlySpan<double> target, Span<double> gradient)
    {
        double loss = 0;
        for (int j = 0; j < probability.Length; j++)
        {
            double p = Math.Clamp(probability[j], 1e-7, 1 - 1e-7);
            double log = Math.Log(p);
            double focal = Math.Pow(1 - p, Gamma);
            loss -= Alpha * target[j] * focal * log;
            gradient[j] = -Alpha * target[j] * ((focal / p) - (Gamma * Math.Pow(1 - p, Gamma - 1) * log));
        }

        return loss;
    }
}
