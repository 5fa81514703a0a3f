namespace MLNet.NeuralExtensions.Engine;

/// <summary>Huber loss: ½e² for |e| ≤ delta, else delta · (|e| − ½ delta), averaged over the last axis.</summary>
/// <param name="delta">Where the loss turns from quadratic to linear; default 1, as Keras.</param>
public sealed class HuberLoss(float delta = 1f) : Loss
{
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; } = delta > 0f ? delta : throw new ArgumentOutOfRangeException(nameof(delta), delta, "Delta must be positive.");

    /// <inheritdoc/>
    public override string Name => "Huber";

    private protected override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        double sum = 0;
        for (int j = 0; j < output.Length; j++)
        {
            float e = output[j] - target[j];
            float a = Math.Abs(e);
            sum += a <= Delta ? 0.5 * e * e : Delta * (a - (0.5 * Delta));
            gradient[j] = (a <= Delta ? e : Delta * Math.Sign(e)) / output.Length;
        }

        return sum / output.Length;
    }
}
