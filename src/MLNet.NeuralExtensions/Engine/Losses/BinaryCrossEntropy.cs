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
    public float LabelSmoothing { get; } = labelSmoothing is >= 0f and <= 1f ? labelSmoothing : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1].");

    /// <inheritdoc/>
    public override string Name => "BinaryCrossEntropy";

    internal override bool? IsCorrect(ReadOnlySpan<float> output, ReadOnlySpan<float> target)
    {
        float threshold = FromLogits ? 0f : 0.5f;
        for (int j = 0; j < output.Length; j++)
        {
            if ((output[j] > threshold) != (target[j] >= 0.5f))
            {
                return false;
            }
        }

        return true;
    }

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

/// <summary>The cross-entropy of one binary output with its derivatives, shared by the binary losses.</summary>
internal readonly record struct BinaryTerm(double Probability, double Loss, double DLossDOutput, double DProbabilityDOutput)
{
    private const double Epsilon = 1e-7;

    public static BinaryTerm Compute(float output, double target, bool fromLogits)
    {
        if (fromLogits)
        {
            double z = output;
            double p = 1 / (1 + Math.Exp(-z));
            double loss = Math.Max(z, 0) - (z * target) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            return new BinaryTerm(p, loss, p - target, p * (1 - p));
        }

        bool clipped = output <= Epsilon || output >= 1 - Epsilon;
        double q = Math.Clamp(output, Epsilon, 1 - Epsilon);
        double bce = -((target * Math.Log(q)) + ((1 - target) * Math.Log(1 - q)));
        return new BinaryTerm(q, bce, clipped ? 0 : (q - target) / (q * (1 - q)), clipped ? 0 : 1);
    }
}
