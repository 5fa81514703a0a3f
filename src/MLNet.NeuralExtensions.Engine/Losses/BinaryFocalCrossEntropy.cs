namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Binary focal loss (Lin et al., 2017) as Keras defines it: the binary cross-entropy scaled by (1 − p_t)^γ, where p_t
/// is the probability given to the true label, so that well-classified examples weigh less; with class balancing the
/// loss is further weighted by α for positives and 1 − α for negatives. Averaged over the last axis.
/// </summary>
/// <param name="gamma">The focusing exponent γ ≥ 0; default 2.</param>
/// <param name="alpha">The positive-class weight α when balancing; default 0.25.</param>
/// <param name="applyClassBalancing">Whether to weight by α; default false, as Keras.</param>
/// <param name="fromLogits">Whether outputs are logits; default false.</param>
/// <param name="labelSmoothing">Label smoothing in [0, 1]; default 0.</param>
public sealed class BinaryFocalCrossEntropy(float gamma = 2f, float alpha = 0.25f, bool applyClassBalancing = false, bool fromLogits = false, float labelSmoothing = 0f) : Loss
{
    /// <summary>The focusing exponent.</summary>
    public float Gamma { get; } = gamma >= 0f ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be at least 0.");

    /// <summary>The positive-class weight used with class balancing.</summary>
    public float Alpha { get; } = alpha is >= 0f and <= 1f ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be in [0, 1].");

    /// <summary>Whether the loss is weighted by <see cref="Alpha"/>.</summary>
    public bool ApplyClassBalancing { get; } = applyClassBalancing;

    /// <summary>Whether outputs are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing.</summary>
    public float LabelSmoothing { get; } = BinaryTerm.CheckSmoothing(labelSmoothing);

    /// <inheritdoc/>
    public override string Name => "BinaryFocalCrossEntropy";

    internal override bool? IsCorrect(ReadOnlySpan<float> output, ReadOnlySpan<float> target) => BinaryTerm.IsCorrect(output, target, FromLogits);

    // With F = (1 − p_t)^γ and p_t = t·p + (1 − t)(1 − p): dF/dp = −γ (1 − p_t)^(γ−1) (2t − 1), and
    // dL/d(output) = w · (dF/dp · dp/d(output) · bce + F · dbce/d(output)).
    private protected override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        double sum = 0;
        for (int j = 0; j < output.Length; j++)
        {
            double t = (target[j] * (1f - LabelSmoothing)) + (0.5f * LabelSmoothing);
            var term = BinaryTerm.Compute(output[j], t, FromLogits);
            double p = term.Probability;
            double miss = 1 - ((t * p) + ((1 - t) * (1 - p)));
            double focal = Math.Pow(miss, Gamma);
            double dFocal = miss > 0 ? -Gamma * Math.Pow(miss, Gamma - 1) * ((2 * t) - 1) : 0;
            double weight = ApplyClassBalancing ? (Alpha * t) + ((1 - Alpha) * (1 - t)) : 1;
            sum += weight * focal * term.Loss;
            double d = weight * ((dFocal * term.DProbabilityDOutput * term.Loss) + (focal * term.DLossDOutput));
            gradient[j] = (float)(d / output.Length);
        }

        return sum / output.Length;
    }
}
