namespace MLNet.NeuralExtensions.Engine;

/// <summary>A trainable tensor of a layer, with its gradient.</summary>
public sealed class Parameter
{
    private bool _isTrainable = true;

    internal Parameter(string name, TensorShape shape, Regularization? regularization = null, float maxNorm = 0f, bool isState = false)
    {
        Name = name;
        IsState = isState;
        Value = new Tensor(shape);
        Gradient = new Tensor(shape);
        Regularization = regularization;
        MaxNorm = maxNorm;
    }

    /// <summary>The parameter's name within its layer, such as "kernel" or "bias".</summary>
    public string Name { get; }

    /// <summary>The current values.</summary>
    public Tensor Value { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>, accumulated by the last backward pass.</summary>
    public Tensor Gradient { get; }

    /// <summary>Whether the optimizer updates this parameter; false for frozen layers and always false for
    /// <see cref="IsState"/> tensors. Default true.</summary>
    public bool IsTrainable
    {
        get => _isTrainable && !IsState;
        set => _isTrainable = value;
    }

    /// <summary>Whether this is state the layer updates itself (such as batch normalization's moving statistics) rather
    /// than a weight learned by gradient descent. State is saved with the weights but never trained.</summary>
    public bool IsState { get; }

    /// <summary>L1/L2 penalty added to the loss for this parameter; null for none.</summary>
    internal Regularization? Regularization { get; }

    /// <summary>Keras' MaxNorm constraint: after each update, every column (the weights into one unit, over all axes
    /// but the last) is scaled down to this L2 norm if longer. 0 means no constraint.</summary>
    internal float MaxNorm { get; }
}
