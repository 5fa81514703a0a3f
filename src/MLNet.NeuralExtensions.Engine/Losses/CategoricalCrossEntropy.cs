namespace MLNet.NeuralExtensions.Engine;

/// <summary>Categorical cross-entropy −Σ t_j · log p_j, targets one-hot (or any distribution) over the classes.</summary>
/// <param name="fromLogits">Whether outputs are logits; default false, as Keras.</param>
/// <param name="labelSmoothing">Label smoothing in [0, 1]; default 0.</param>
public sealed class CategoricalCrossEntropy(bool fromLogits = false, float labelSmoothing = 0f) : CategoricalLossBase(fromLogits, labelSmoothing)
{
    /// <inheritdoc/>
    public override string Name => "CategoricalCrossEntropy";

    private protected override bool IsPlainCrossEntropy => true;

    private protected override void ReadTarget(ReadOnlySpan<float> target, Span<double> distribution)
    {
        for (int j = 0; j < distribution.Length; j++)
        {
            distribution[j] = target[j];
        }
    }

    private protected override double Terms(ReadOnlySpan<double> probability, ReadOnlySpan<double> target, Span<double> gradient)
        => CrossEntropyTerms.Compute(probability, target, gradient);
}
