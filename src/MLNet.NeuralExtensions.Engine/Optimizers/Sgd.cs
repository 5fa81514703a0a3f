namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Stochastic gradient descent with optional momentum: <c>b = momentum · b + g</c>, then <c>w -= lr · b</c>, or with
/// Nesterov momentum <c>w -= lr · (g + momentum · b)</c> (Sutskever et al., 2013), as PyTorch computes it.
/// </summary>
/// <param name="learningRate">Default 0.01, as Keras.</param>
/// <param name="momentum">In [0, 1); default 0.</param>
/// <param name="nesterov">Whether to use Nesterov momentum; default false.</param>
public sealed class Sgd(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false) : Optimizer(learningRate)
{
    /// <summary>The momentum factor.</summary>
    public float Momentum { get; } = momentum is >= 0f and < 1f ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; } = nesterov;

    private protected override int StateCount => Momentum > 0f ? 1 : 0;

    private protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step)
    {
        if (Momentum == 0f)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, -learningRate, weights, weights);
            return;
        }

        Span<float> buffer = state[0];
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            float b = (Momentum * buffer[i]) + g;
            buffer[i] = b;
            weights[i] -= learningRate * (Nesterov ? g + (Momentum * b) : b);
        }
    }
}
