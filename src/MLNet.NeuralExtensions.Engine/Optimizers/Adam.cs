namespace MLNet.NeuralExtensions.Engine;

/// <summary>Adam (Kingma and Ba, 2015), with optional AMSGrad (Reddi et al., 2018). See <see cref="AdamRule"/> for the
/// update; Keras' defaults.</summary>
/// <param name="learningRate">Default 0.001.</param>
/// <param name="beta1">Default 0.9.</param>
/// <param name="beta2">Default 0.999.</param>
/// <param name="epsilon">Default 1e-7.</param>
/// <param name="amsGrad">Default false.</param>
public sealed class Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsGrad = false)
    : AdamBase(learningRate, beta1, beta2, epsilon, amsGrad);
