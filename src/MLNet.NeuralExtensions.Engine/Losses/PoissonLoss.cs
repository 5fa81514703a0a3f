namespace MLNet.NeuralExtensions.Engine;

/// <summary>Poisson loss: the mean of output − target · log(output + ε) over the last axis; outputs are rates (use a
/// positive activation such as Softplus).</summary>
public sealed class PoissonLoss : Loss
{
    /// <inheritdoc/>
    public override string Name => "Poisson";

    private protected override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        double sum = 0;
        for (int j = 0; j < output.Length; j++)
        {
            double rate = output[j] + (double)Epsilon;
            sum += output[j] - (target[j] * Math.Log(rate));
            gradient[j] = (float)((1 - (target[j] / rate)) / output.Length);
        }

        return sum / output.Length;
    }
}
