namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Adadelta (Zeiler, 2012): <c>v = ρ v + (1 − ρ) g²</c>, <c>Δ = √(u + ε) / √(v + ε) · g</c>,
/// <c>u = ρ u + (1 − ρ) Δ²</c>, <c>w -= lr · Δ</c>. PyTorch's formula with Keras' defaults.
/// </summary>
/// <param name="learningRate">Default 0.001, as Keras (PyTorch uses 1).</param>
/// <param name="rho">Default 0.95.</param>
/// <param name="epsilon">Default 1e-7.</param>
public sealed class Adadelta(float learningRate = 0.001f, float rho = 0.95f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    /// <summary>Decay of the running means.</summary>
    public float Rho { get; } = rho;

    /// <summary>Added under the roots.</summary>
    public float Epsilon { get; } = epsilon;

    private protected override int StateCount => 2;

    private protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step)
    {
        Span<float> square = state[0], delta = state[1];
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            square[i] = (Rho * square[i]) + ((1f - Rho) * g * g);
            float d = MathF.Sqrt(delta[i] + Epsilon) / MathF.Sqrt(square[i] + Epsilon) * g;
            delta[i] = (Rho * delta[i]) + ((1f - Rho) * d * d);
            weights[i] -= learningRate * d;
        }
    }
}
