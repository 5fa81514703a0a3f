namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Nadam (Dozat, 2016): Adam with Nesterov momentum and the momentum schedule
/// <c>μₜ = β₁ (1 − ½ · 0.96^(t · ψ))</c>, ψ = 0.004, as PyTorch's NAdam and Keras compute it:
/// <c>w -= lr (1 − μₜ) / (1 − Πμ) · g / d + lr μₜ₊₁ / (1 − Πμ · μₜ₊₁) · m / d</c> with <c>d = √(v / (1 − β₂ᵗ)) + ε</c>.
/// </summary>
/// <param name="learningRate">Default 0.001.</param>
/// <param name="beta1">Default 0.9.</param>
/// <param name="beta2">Default 0.999.</param>
/// <param name="epsilon">Default 1e-7.</param>
public sealed class Nadam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    private const double MomentumDecay = 0.004;

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; } = beta1;

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; } = beta2;

    /// <summary>Added to the denominator.</summary>
    public float Epsilon { get; } = epsilon;

    // The running product of μ over the steps so far; every parameter has taken the same steps, so one suffices.
    private float _product = 1f;
    private float _mu;
    private float _muNext;

    private protected override int StateCount => 2;

    private protected override void BeginStep(long step)
    {
        _mu = (float)(Beta1 * (1 - (0.5 * Math.Pow(0.96, step * MomentumDecay))));
        _muNext = (float)(Beta1 * (1 - (0.5 * Math.Pow(0.96, (step + 1) * MomentumDecay))));
        _product *= _mu;
    }

    private protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step)
    {
        Span<float> m = state[0], v = state[1];
        float mu = _mu, muNext = _muNext, product = _product;
        float correction2 = 1f - MathF.Pow(Beta2, step);
        float gradientStep = learningRate * (1f - mu) / (1f - product);
        float momentumStep = learningRate * muNext / (1f - (product * muNext));
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            m[i] = (Beta1 * m[i]) + ((1f - Beta1) * g);
            v[i] = (Beta2 * v[i]) + ((1f - Beta2) * g * g);
            float denominator = MathF.Sqrt(v[i] / correction2) + Epsilon;
            weights[i] -= (gradientStep * g / denominator) + (momentumStep * m[i] / denominator);
        }
    }
}
