using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// An activation: a function applied to a layer's output, element by element (or, for <see cref="Softmax"/>, along the
/// last axis). Use one of the static properties or methods, for example <c>new Dense(64, ActivationFunction.ReLU)</c>.
/// </summary>
public abstract class ActivationFunction
{
    private protected ActivationFunction()
    {
    }

    /// <summary>The identity: f(x) = x.</summary>
    public static ActivationFunction Linear { get; } = new LinearActivation();

    /// <summary>Rectified linear unit: max(x, 0).</summary>
    public static ActivationFunction ReLU { get; } = new ReLUActivation();

    /// <summary>Logistic sigmoid: 1 / (1 + e^−x).</summary>
    public static ActivationFunction Sigmoid { get; } = new SigmoidActivation();

    /// <summary>Hyperbolic tangent.</summary>
    public static ActivationFunction Tanh { get; } = new TanhActivation();

    /// <summary>Softmax over the last axis: e^x_i / Σ_j e^x_j.</summary>
    public static ActivationFunction Softmax { get; } = new SoftmaxActivation();

    /// <summary>Softplus: log(1 + e^x), computed without overflow.</summary>
    public static ActivationFunction Softplus { get; } = new SoftplusActivation();

    /// <summary>Sigmoid-weighted linear unit (also called Swish): x · sigmoid(x).</summary>
    public static ActivationFunction SiLU { get; } = new SiLUActivation();

    /// <summary>Scaled exponential linear unit with the constants of Klambauer et al. (2017).</summary>
    public static ActivationFunction Selu { get; } = new EluActivation(EluActivation.SeluAlpha, EluActivation.SeluScale);

    /// <summary>Gaussian error linear unit, exact form: x · Φ(x) with Φ the standard normal CDF.</summary>
    public static ActivationFunction Gelu { get; } = new GeluActivation();

    /// <summary>Leaky ReLU: x for x &gt; 0, else <paramref name="negativeSlope"/> · x. Default slope 0.3, as Keras' layer.</summary>
    public static ActivationFunction LeakyReLU(float negativeSlope = 0.3f) => new LeakyReLUActivation(negativeSlope);

    /// <summary>Exponential linear unit: x for x &gt; 0, else <paramref name="alpha"/> · (e^x − 1). Default alpha 1.</summary>
    public static ActivationFunction Elu(float alpha = 1f) => new EluActivation(alpha, 1f);

    /// <summary>The activation's name as written in a model file and in ONNX node names.</summary>
    public abstract string Name { get; }

    /// <summary>The activation's numeric parameter (slope or alpha); 0 when it has none.</summary>
    internal virtual float Argument => 0f;

    /// <summary>Computes y = f(x); <paramref name="rowLength"/> is the size of the last axis.</summary>
    internal abstract void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength);

    /// <summary>Whether <see cref="Backward"/> reads only the output (and the forward pass may run in place, saving a
    /// buffer and a pass over memory).</summary>
    internal virtual bool BackwardUsesOutputOnly => false;

    /// <summary>Computes dx = dy · f′(x), given the input <paramref name="x"/> and the output <paramref name="y"/> of the
    /// forward pass; <paramref name="dx"/> may be the same span as <paramref name="dy"/>.</summary>
    internal abstract void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength);

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Recreates an activation from its <see cref="Name"/> and <see cref="Argument"/>.</summary>
    /// <exception cref="FormatException">The name is not one of the activations.</exception>
    internal static ActivationFunction FromName(string name, float argument) => name switch
    {
        "Linear" => Linear,
        "ReLU" => ReLU,
        "Sigmoid" => Sigmoid,
        "Tanh" => Tanh,
        "Softmax" => Softmax,
        "Softplus" => Softplus,
        "SiLU" => SiLU,
        "Selu" => Selu,
        "Gelu" => Gelu,
        "LeakyReLU" => LeakyReLU(argument),
        "Elu" => Elu(argument),
        _ => throw new FormatException($"Unknown activation '{name}'."),
    };

    /// <summary>Adds this activation, applied to <paramref name="input"/>, a batch of <paramref name="rank"/> axes (the
    /// batch axis included), to an ONNX graph and returns the name of its output (softmax over the last axis).</summary>
    internal abstract string ExportOnnx(OnnxBuilder graph, string input, int rank);

    /// <summary>This activation as ONNX's recurrent operators name it in their <c>activations</c> attribute, with its
    /// alpha and beta; null when they have no such activation.</summary>
    internal virtual (string Name, float Alpha, float Beta)? OnnxRecurrentActivation => null;
}
