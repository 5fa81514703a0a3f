namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Adamax (Kingma and Ba, 2015), Adam with the infinity norm: <c>m = β₁m + (1 − β₁)g</c>,
/// <c>u = max(β₂u, |g| + ε)</c>, <c>w -= lr / (1 − β₁ᵗ) · m / u</c>. PyTorch's formula with Keras' defaults.
/// </summary>
/// <param name="learningRate">Default 0.001.</param>
/// <param name="beta1">Default 0.9.</param>
/// <param name="beta2">Default 0.999.</param>
/// <param name="epsilon">Default 1e-7.</param>
public sealed class Adamax(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; } = beta1;

    /// <summary>Decay of the infinity norm.</summary>
    public float Beta2 { get; } = beta2;

    /// <summary>Added to |g|.</summary>
    public float Epsilon { get; } = epsilon;

    private protected override int StateCount => 2;

    private protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step)
    {
        Span<float> m = state[0], u = state[1];
        float stepSize = learningRate / (1f - MathF.Pow(Beta1, step));
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            m[i] = (Beta1 * m[i]) + ((1f - Beta1) * g);
            u[i] = MathF.Max(Beta2 * u[i], MathF.Abs(g) + Epsilon);
            weights[i] -= stepSize * m[i] / u[i];
        }
    }
}
