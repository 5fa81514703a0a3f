namespace MLNet.NeuralExtensions.Engine;

/// <summary>Adam (Kingma and Ba, 2015), with optional AMSGrad (Reddi et al., 2018). See <see cref="AdamRule"/> for the
/// update; Keras' defaults.</summary>
/// <param name="learningRate">Default 0.001.</param>
/// <param name="beta1">Default 0.9.</param>
/// <param name="beta2">Default 0.999.</param>
/// <param name="epsilon">Default 1e-7.</param>
/// <param name="amsGrad">Default false.</param>
public sealed class Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsGrad = false) : Optimizer(learningRate)
{
    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; } = beta1;

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; } = beta2;

    /// <summary>Added to the denominator.</summary>
    public float Epsilon { get; } = epsilon;

    /// <summary>Whether the running maximum of the second moment is used.</summary>
    public bool AmsGrad { get; } = amsGrad;

    private protected override int StateCount => AmsGrad ? 3 : 2;

    private protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step)
        => AdamRule.Update(weights, gradient, state, learningRate, step, Beta1, Beta2, Epsilon, AmsGrad);
}
