namespace MLNet.NeuralExtensions.Engine;

/// <summary>Categorical cross-entropy with class-index targets (0 … classes − 1), one per example.</summary>
/// <param name="fromLogits">Whether outputs are logits; default false, as Keras.</param>
/// <param name="labelSmoothing">Label smoothing in [0, 1]; default 0.</param>
public sealed class SparseCategoricalCrossEntropy(bool fromLogits = false, float labelSmoothing = 0f) : CategoricalLossBase(fromLogits, labelSmoothing)
{
    /// <inheritdoc/>
    public override string Name => "SparseCategoricalCrossEntropy";

    private protected override bool IsPlainCrossEntropy => true;

    internal override int TargetSize(int outputSize) => 1;

    private protected override void ReadTarget(ReadOnlySpan<float> target, Span<double> distribution)
        => ClassIndex.OneHot(target[0], distribution);

    private protected override double Terms(ReadOnlySpan<double> probability, ReadOnlySpan<double> target, Span<double> gradient)
        => CrossEntropyTerms.Compute(probability, target, gradient);
}
