namespace MLNet.NeuralExtensions.Engine;

/// <summary>Mean squared error: the mean of (output − target)² over the last axis.</summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc/>
    public override string Name => "MeanSquaredError";

    private protected override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        double sum = 0;
        for (int j = 0; j < output.Length; j++)
        {
            float e = output[j] - target[j];
            sum += e * (double)e;
            gradient[j] = 2f * e / output.Length;
        }

        return sum / output.Length;
    }
}
