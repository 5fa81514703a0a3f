using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A building block of a <see cref="Sequential"/> network: a differentiable function of its input with trainable
/// <see cref="Parameters"/>. Shapes are inferred when the network is built, before any data is seen.
/// </summary>
/// <remarks>
/// A layer owns the buffers of its output and of its input gradient and reuses them from batch to batch, so a training
/// step allocates nothing once the first batch has run. The tensor returned by a forward or backward pass stays valid
/// until the layer's next pass.
/// </remarks>
public abstract class Layer
{
    private readonly List<Parameter> _parameters = [];

    private protected Layer()
    {
    }

    /// <summary>The shape of one input example; valid once <see cref="IsBuilt"/>.</summary>
    public TensorShape InputShape { get; private set; }

    /// <summary>The shape of one output example; valid once <see cref="IsBuilt"/>.</summary>
    public TensorShape OutputShape { get; private set; }

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool IsBuilt { get; private set; }

    /// <summary>The trainable tensors of the layer (empty for layers without weights).</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The number of scalar weights in <see cref="Parameters"/>.</summary>
    public int ParameterCount => _parameters.Sum(p => p.Value.Length);

    /// <summary>Whether the optimizer updates this layer's parameters; set false to freeze the layer (for transfer
    /// learning). Default true.</summary>
    public bool IsTrainable
    {
        get => _parameters.All(p => p.IsState) || _parameters.Any(p => p.IsTrainable);
        set => _parameters.ForEach(p => p.IsTrainable = value);
    }

    /// <summary>The layer's type name as written in a model file and used in its <see cref="ToString"/>.</summary>
    internal abstract string TypeName { get; }

    /// <summary>Infers the output shape from <paramref name="inputShape"/> (one example, no batch dimension) and
    /// creates and initializes the parameters.</summary>
    /// <exception cref="ArgumentException">The layer cannot take inputs of this shape; the message names both.</exception>
    /// <exception cref="InvalidOperationException">The layer is already built for a different shape.</exception>
    public TensorShape Build(TensorShape inputShape, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (IsBuilt)
        {
            return inputShape == InputShape
                ? OutputShape
                : throw new InvalidOperationException($"{this} is built for input {InputShape}; it cannot take {inputShape}.");
        }

        OutputShape = BuildCore(inputShape, random);
        InputShape = inputShape;
        IsBuilt = true;
        return OutputShape;
    }

    /// <summary>Runs the layer on a batch whose first dimension is the batch size.</summary>
    internal abstract Tensor Forward(Tensor input, RunContext context);

    /// <summary>Given the gradient of the loss with respect to the last forward pass's output, sets the gradients of
    /// the parameters and returns the gradient with respect to the input (null when <paramref name="needInputGradient"/>
    /// is false).</summary>
    internal abstract Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient);

    /// <summary>Adds the layer in scoring mode to an ONNX graph, reading the batch named <paramref name="input"/>, and returns
    /// the name of its output batch.</summary>
    /// <exception cref="NotSupportedException">ONNX has no operator for this configuration; the message says which
    /// layer and why.</exception>
    internal abstract string ExportOnnx(OnnxBuilder graph, string input);

    /// <summary>Writes the hyperparameters that recreate this layer (not its weights).</summary>
    internal abstract void WriteConfig(BinaryWriter writer);

    /// <inheritdoc/>
    public override string ToString() => IsBuilt ? $"{TypeName} {InputShape} → {OutputShape}" : TypeName;

    private protected abstract TensorShape BuildCore(TensorShape inputShape, Random random);

    private protected Parameter AddParameter(string name, TensorShape shape, Regularization? regularization = null, float maxNorm = 0f)
    {
        var parameter = new Parameter(name, shape, regularization, maxNorm);
        _parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Lists the parameters of <paramref name="inner"/>, a built layer this one wraps, as its own.</summary>
    private protected void AdoptParameters(Layer inner) => _parameters.AddRange(inner.Parameters);

    /// <summary>Adds a tensor the layer updates itself; saved with the weights, never trained.</summary>
    private protected Parameter AddState(string name, TensorShape shape)
    {
        var state = new Parameter(name, shape, isState: true);
        _parameters.Add(state);
        return state;
    }

    private protected ArgumentException ShapeError(TensorShape inputShape, string expected)
        => new($"{TypeName} expects {expected}; got input shape {inputShape} (one example, without the batch dimension).", nameof(inputShape));

    private protected void CheckBatch(Tensor input)
    {
        if (input.Shape.Rank == 0 || !input.Shape.IsBatchOf(input.Shape[0], InputShape))
        {
            throw new ArgumentException($"{TypeName} is built for examples of shape {InputShape}; got a batch of shape {input.Shape}.", nameof(input));
        }
    }
}
