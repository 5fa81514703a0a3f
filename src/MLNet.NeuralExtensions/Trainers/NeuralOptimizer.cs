namespace MLNet.NeuralExtensions.Trainers;

/// <summary>The update rule a neural trainer uses; each with Keras' defaults apart from the learning rate, which
/// <see cref="NetworkTrainingOptions.LearningRate"/> sets.</summary>
public enum NeuralOptimizer
{
    /// <summary>Adam (β₁ 0.9, β₂ 0.999, ε 1e-7). The default.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (<see cref="NetworkTrainingOptions.WeightDecay"/>).</summary>
    AdamW,

    /// <summary>Adam with Nesterov momentum.</summary>
    Nadam,

    /// <summary>Adam's infinity-norm variant.</summary>
    Adamax,

    /// <summary>RMSProp (ρ 0.9).</summary>
    RmsProp,

    /// <summary>Stochastic gradient descent with momentum 0.9.</summary>
    Sgd,

    /// <summary>Adagrad.</summary>
    Adagrad,

    /// <summary>Adadelta.</summary>
    Adadelta,
}
