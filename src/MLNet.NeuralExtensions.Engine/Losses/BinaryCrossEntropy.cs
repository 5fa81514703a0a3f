namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Binary cross-entropy averaged over the last axis, targets in [0, 1]. With <see cref="FromLogits"/> the outputs are
/// logits and the loss is computed as max(z, 0) − z·t + log(1 + e^−|z|), which never overflows; otherwise the outputs
/// are probabilities clipped to [ε, 1 − ε]. Label smoothing moves targets towards ½: t · (1 − s) + s / 2.
/// </summary>
/// <param name="fromLogits">Whether outputs are logits; default false, as Keras.</param>
/// <param name="labelSmoothing">The smoothing s in [0, 1]; default 0.</param>
public sealed class BinaryCrossEntropy(bool fromLogits = false, float labelSmoothing = 0f) : Loss
{
    /// <summary>Whether outputs are logits rather than probabilities.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing.</summary>
    public float LabelSmoothing { get; } = BinaryTerm.CheckSmoothing(labelSmoothing);

    /// <inheritdoc/>
    public override string Name => "BinaryCrossEntropy";

    internal override bool? IsCorrect(ReadOnlySpan<float> output, ReadOnlySpan<float> target) => BinaryTerm.IsCorrect(output, target, FromLogits);

    private protected override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        double sum = 0;
        for (int j = 0; j < output.Length; j++)
        {
            var term = BinaryTerm.Compute(output[j], (target[j] * (1f - LabelSmoothing)) + (0.5f * LabelSmoothing), FromLogits);
            sum += term.Loss;
            gradient[j] = (float)(term.DLossDOutput / output.Length);
        }

        return sum / output.Length;
    }
}
