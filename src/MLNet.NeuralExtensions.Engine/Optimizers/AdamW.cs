namespace MLNet.NeuralExtensions.Engine;

/// <summary>AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay, <c>w -= lr · weightDecay · w</c>
/// before each update. Keras' defaults.</summary>
/// <param name="learningRate">Default 0.001.</param>
/// <param name="weightDecay">Default 0.004.</param>
/// <param name="beta1">Default 0.9.</param>
/// <param name="beta2">Default 0.999.</param>
/// <param name="epsilon">Default 1e-7.</param>
/// <param name="amsGrad">Default false.</param>
public sealed class AdamW(float learningRate = 0.001f, float weightDecay = 0.004f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsGrad = false)
    : AdamBase(learningRate, beta1, beta2, epsilon, amsGrad)
{
    /// <inheritdoc/>
    public override float WeightDecay { get; init; } = weightDecay;
}
