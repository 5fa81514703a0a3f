namespace MLNet.NeuralExtensions.Engine;

/// <summary>Kullback–Leibler divergence Σ t · log(t / p) over the last axis, with t and p clipped to [ε, 1] as Keras
/// does; outputs are probabilities.</summary>
public sealed class KLDivergence : Loss
{
    /// <inheritdoc/>
    public override string Name => "KLDivergence";

    private protected override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        double sum = 0;
        for (int j = 0; j < output.Length; j++)
        {
            double t = Math.Clamp(target[j], Epsilon, 1f);
            double p = Math.Clamp(output[j], Epsilon, 1f);
            sum += t * Math.Log(t / p);
            gradient[j] = output[j] > Epsilon && output[j] < 1f ? (float)(-t / p) : 0f;
        }

        return sum;
    }
}
