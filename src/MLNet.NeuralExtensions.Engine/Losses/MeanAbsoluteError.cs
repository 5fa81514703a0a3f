namespace MLNet.NeuralExtensions.Engine;

/// <summary>Mean absolute error: the mean of |output − target| over the last axis.</summary>
public sealed class MeanAbsoluteError : Loss
{
    /// <inheritdoc/>
    public override string Name => "MeanAbsoluteError";

    private protected override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        double sum = 0;
        for (int j = 0; j < output.Length; j++)
        {
            float e = output[j] - target[j];
            sum += Math.Abs(e);
            gradient[j] = (float)Math.Sign(e) / output.Length;
        }

        return sum / output.Length;
    }
}
