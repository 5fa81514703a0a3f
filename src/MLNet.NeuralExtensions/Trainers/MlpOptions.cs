using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A multilayer perceptron: fully connected hidden layers, each optionally followed by batch normalization and dropout,
/// then a linear output layer. The architecture and update rule follow scikit-learn's MLPClassifier/MLPRegressor (one
/// hidden layer of 100 ReLU units, Adam at 0.001, at most 200 epochs), with Keras' batch size of 32. So that the
/// untuned network does not overfit, the MLP's defaults also hold out 10 % of the training rows to validate on
/// (<see cref="NetworkTrainingOptions.ValidationFraction"/>), stop when their loss has not improved for 30 epochs and
/// keep the best epoch's weights (<see cref="NetworkTrainingOptions.EarlyStopping"/>), and penalize the weights with an
/// L2 of 1e-4 (<see cref="NetworkTrainingOptions.L2Regularization"/>). These three are the MLP's own: the CNN and LSTM
/// keep none of them by default. Held-out accuracy, log loss, R² and the cost of each default are in the README's
/// "Defaults" section.
/// </summary>
public sealed class MlpOptions : NeuralNetworkOptions
{
    /// <summary>Creates options with the defaults: 200 epochs at most, a validation fraction of 0.1, early stopping on the
    /// validation loss with a patience of 30 epochs that restores the best weights, and an L2 penalty of 1e-4.</summary>
    public MlpOptions()
        : base(epochs: 200)
    {
        ValidationFraction = 0.1f;
        EarlyStopping = new EarlyStopping { Patience = 30, RestoreBestWeights = true };
        L2Regularization = 1e-4f;
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
