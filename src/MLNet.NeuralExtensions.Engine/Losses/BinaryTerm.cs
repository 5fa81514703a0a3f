namespace MLNet.NeuralExtensions.Engine;

/// <summary>The cross-entropy of one binary output with its derivatives, shared by the binary losses.</summary>
internal readonly record struct BinaryTerm(double Probability, double Loss, double DLossDOutput, double DProbabilityDOutput)
{
    private const double Epsilon = 1e-7;

    /// <summary>Whether every output falls on the target's side of the decision threshold (0 for logits, ½ for
    /// probabilities).</summary>
    public static bool IsCorrect(ReadOnlySpan<float> output, ReadOnlySpan<float> target, bool fromLogits)
    {
        float threshold = fromLogits ? 0f : 0.5f;
        for (int j = 0; j < output.Length; j++)
        {
            if ((output[j] > threshold) != (target[j] >= 0.5f))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns a label smoothing after checking it lies in [0, 1].</summary>
    public static float CheckSmoothing(float labelSmoothing)
        => labelSmoothing is >= 0f and <= 1f ? labelSmoothing : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1].");

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
