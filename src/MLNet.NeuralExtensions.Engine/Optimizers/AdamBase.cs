namespace MLNet.NeuralExtensions.Engine;

/// <summary>What <see cref="Adam"/> and <see cref="AdamW"/> share: the moment decays, ε, AMSGrad and the update of
/// <see cref="AdamRule"/>. They differ only in their default weight decay.</summary>
public abstract class AdamBase : Optimizer
{
    private protected AdamBase(float learningRate, float beta1, float beta2, float epsilon, bool amsGrad)
        : base(learningRate)
    {
        Beta1 = beta1 is >= 0f and < 1f ? beta1 : throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Beta1 must be in [0, 1).");
        Beta2 = beta2 is >= 0f and < 1f ? beta2 : throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Beta2 must be in [0, 1).");
        Epsilon = epsilon;
        AmsGrad = amsGrad;
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the running maximum of the second moment is used.</summary>
    public bool AmsGrad { get; }

    private protected override int StateCount => AmsGrad ? 3 : 2;

    private protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step)
        => AdamRule.Update(weights, gradient, state, learningRate, step, Beta1, Beta2, Epsilon, AmsGrad);
}
