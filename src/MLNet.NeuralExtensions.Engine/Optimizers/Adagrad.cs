namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Adagrad (Duchi et al., 2011): <c>s += g²</c>, <c>w -= lr · g / (√s + ε)</c>, with s starting at
/// <see cref="InitialAccumulatorValue"/>. PyTorch's formula with Keras' defaults.
/// </summary>
/// <param name="learningRate">Default 0.001.</param>
/// <param name="initialAccumulatorValue">Default 0.1.</param>
/// <param name="epsilon">Default 1e-7.</param>
public sealed class Adagrad(float learningRate = 0.001f, float initialAccumulatorValue = 0.1f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    /// <summary>The accumulator's starting value.</summary>
    public float InitialAccumulatorValue { get; } = initialAccumulatorValue >= 0f ? initialAccumulatorValue : throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue));

    /// <summary>Added to the root for stability.</summary>
    public float Epsilon { get; } = epsilon;

    private protected override int StateCount => 1;

    private protected override void InitializeState(float[][] state) => Array.Fill(state[0], InitialAccumulatorValue);

    private protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step)
    {
        Span<float> sum = state[0];
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            sum[i] += g * g;
            weights[i] -= learningRate * g / (MathF.Sqrt(sum[i]) + Epsilon);
        }
    }
}
