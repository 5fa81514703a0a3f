namespace MLNet.NeuralExtensions.Engine;

/// <summary>The function of a network's raw outputs whose input gradient <see cref="InputGradients"/> computes.</summary>
public enum OutputFunction
{
    /// <summary>The raw output itself: a logit, a class score or a regression value.</summary>
    Identity,

    /// <summary>The logistic sigmoid of the output, the probability a binary classifier's logit stands for.</summary>
    Sigmoid,

    /// <summary>The softmax over all outputs of an example, taken at the chosen output: the probability of that class.</summary>
    Softmax,
}
