namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// RMSProp (Hinton, 2012): divides the gradient by a running root mean square, <c>v = ρ v + (1 − ρ) g²</c>,
/// <c>w -= lr · g / (√v + ε)</c>; centered subtracts the squared running mean of g under the root; momentum
/// accumulates the scaled steps. PyTorch's formulas with Keras' defaults.
/// </summary>
/// <param name="learningRate">Default 0.001.</param>
/// <param name="rho">Decay of the running mean; default 0.9.</param>
/// <param name="momentum">Default 0.</param>
/// <param name="epsilon">Default 1e-7.</param>
/// <param name="centered">Default false.</param>
public sealed class RmsProp(float learningRate = 0.001f, float rho = 0.9f, float momentum = 0f, float epsilon = 1e-7f, bool centered = false) : Optimizer(learningRate)
{
    /// <summary>Decay of the running mean of squares.</summary>
    public float Rho { get; } = rho;

    /// <summary>The momentum factor.</summary>
    public float Momentum { get; } = momentum;

    /// <summary>Added to the root for stability.</summary>
    public float Epsilon { get; } = epsilon;

    /// <summary>Whether the gradient's running mean is subtracted.</summary>
    public bool Centered { get; } = centered;

    private protected override int StateCount => 3;

    private protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step)
    {
        Span<float> square = state[0], mean = state[1], buffer = state[2];
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            square[i] = (Rho * square[i]) + ((1f - Rho) * g * g);
            float variance = square[i];
            if (Centered)
            {
                mean[i] = (Rho * mean[i]) + ((1f - Rho) * g);
                variance -= mean[i] * mean[i];
            }

            float scaled = g / (MathF.Sqrt(variance) + Epsilon);
            if (Momentum > 0f)
            {
                buffer[i] = (Momentum * buffer[i]) + scaled;
                scaled = buffer[i];
            }

            weights[i] -= learningRate * scaled;
        }
    }
}
