using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A multilayer perceptron: fully connected hidden layers, each optionally followed by batch normalization and dropout,
/// then a linear output layer. The defaults follow scikit-learn's MLPClassifier/MLPRegressor (one hidden layer of 100
/// ReLU units, Adam at 0.001) with Keras' batch size.
/// </summary>
public sealed class MlpOptions : NeuralNetworkOptions
{
    /// <summary>Creates options with the defaults, 200 epochs among them.</summary>
    public MlpOptions()
        : base(epochs: 200)
    {
    }

    /// <summary>Gets or sets the units of each hidden layer, input side first. Default [100]; empty for a linear model.</summary>
    public int[] HiddenLayers { get; set; } = [100];

    /// <summary>Gets or sets the hidden layers' activation. Default ReLU.</summary>
    public ActivationFunction Activation { get; set; } = ActivationFunction.ReLU;

    /// <summary>Gets or sets the dropout rate after each hidden layer, in [0, 1). Default 0: none.</summary>
    public float DropoutRate { get; set; }

    /// <summary>Gets or sets whether each hidden layer's output is batch-normalized (before its activation, as in the
    /// original paper). Default false.</summary>
    public bool BatchNormalization { get; set; }

    internal override Sequential CreateNetwork(int inputSize, int outputs)
    {
        var layers = new List<Layer>();
        DenseHead.Append(layers, HiddenLayers, Activation, DropoutRate, BatchNormalization, KernelRegularization, outputs);
        return new Sequential(layers);
    }

    internal override void Validate()
    {
        base.Validate();
        DenseHead.Validate(HiddenLayers, Activation, DropoutRate);
    }
}
