using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A fully connected recurrent layer (Elman): h = activation(x·W + h′·U + b). Keras' SimpleRNN; ONNX: RNN.
/// </summary>
public sealed class SimpleRnn : RecurrentLayer
{
    /// <summary>Creates a simple recurrent layer.</summary>
    /// <param name="units">The size of the hidden state.</param>
    /// <param name="activation">Default <see cref="ActivationFunction.Tanh"/>.</param>
    /// <param name="returnSequences">Whether to output every step's hidden state; default false (only the last).</param>
    /// <param name="goBackwards">Whether to run from the last step to the first; default false.</param>
    /// <param name="kernelInitializer">Default <see cref="Initializer.GlorotUniform"/>.</param>
    /// <param name="recurrentInitializer">Default <see cref="Initializer.Orthogonal"/>.</param>
    /// <param name="kernelRegularization">L1/L2 penalty on the input kernel; default none.</param>
    /// <param name="recurrentRegularization">L1/L2 penalty on the recurrent kernel; default none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is less than 1.</exception>
    public SimpleRnn(int units, ActivationFunction? activation = null, bool returnSequences = false, bool goBackwards = false, Initializer? kernelInitializer = null,
        Initializer? recurrentInitializer = null, Regularization? kernelRegularization = null, Regularization? recurrentRegularization = null)
        : base(units, returnSequences, goBackwards, kernelInitializer, recurrentInitializer, kernelRegularization, recurrentRegularization)
        => Activation = activation ?? ActivationFunction.Tanh;

    /// <summary>The activation of the hidden state.</summary>
    public ActivationFunction Activation { get; }

    internal override string TypeName => "SimpleRNN";

    private protected override int GateCount => 1;

    private protected override void PrepareSteps(int steps, int batch)
    {
    }

    private protected override void ForwardStep(int step, Span<float> inputPart, ReadOnlySpan<float> previous, Span<float> next, int rows)
    {
        RecurrentProduct(previous, inputPart, rows, accumulate: true);
        Activation.Forward(inputPart, next, Units);
    }

    private protected override void BackwardStep(int step, ReadOnlySpan<float> previous, ReadOnlySpan<float> dh,
        Span<float> dInputPart, Span<float> dRecurrentPart, Span<float> dPrevious, int rows)
    {
        Activation.Backward(InputPart(step, rows), HiddenAfter(step, rows), dh, dInputPart, Units);
        dPrevious.Clear();
    }

    internal override RecurrentLayer CreateReversed()
        => new SimpleRnn(Units, Activation, ReturnSequences, !GoBackwards, KernelInitializer, RecurrentInitializer, KernelRegularization, RecurrentRegularization);

    private protected override string OnnxOperator => "RNN";

    private protected override ReadOnlySpan<int> OnnxGates => [0];

    private protected override IEnumerable<OnnxAttribute> OnnxAttributes()
    {
        var (name, alpha, beta) = Activation.OnnxRecurrentActivation
            ?? throw new NotSupportedException($"SimpleRNN with the {Activation.Name} activation cannot be exported: ONNX's RNN takes Tanh, Sigmoid, ReLU, LeakyReLU, ELU, Softplus or Linear.");
        return [OnnxAttribute.Strings("activations", name), OnnxAttribute.Floats("activation_alpha", alpha), OnnxAttribute.Floats("activation_beta", beta)];
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
        base.WriteConfig(writer);
        LayerConfig.WriteActivation(writer, Activation);
    }

    internal static SimpleRnn ReadConfig(BinaryReader reader)
        => ReadConfig(reader, s => new SimpleRnn(s.Units, LayerConfig.ReadActivation(reader), s.ReturnSequences, s.GoBackwards, Initializer.Zeros, Initializer.Zeros,
            s.KernelRegularization, s.RecurrentRegularization));
}
