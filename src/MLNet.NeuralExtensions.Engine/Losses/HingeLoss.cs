namespace MLNet.NeuralExtensions.Engine;

/// <summary>Hinge loss: the mean of max(0, 1 − t · output) over the last axis, with targets in {−1, 1} (targets of 0 are
/// read as −1, as Keras does).</summary>
public sealed class HingeLoss : Loss
{
    /// <inheritdoc/>
    public override string Name => "Hinge";

    private protected override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        double sum = 0;
        for (int j = 0; j < output.Length; j++)
        {
            float t = target[j] == 0f ? -1f : target[j];
            float margin = 1f - (t * output[j]);
            sum += Math.Max(0f, margin);
            gradient[j] = margin > 0f ? -t / output.Length : 0f;
        }

        return sum / output.Length;
    }
}
