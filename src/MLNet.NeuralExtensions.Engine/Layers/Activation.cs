using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>Applies an <see cref="ActivationFunction"/> on its own, as Keras' Activation layer. ONNX: the activation's
/// operator (Relu, Sigmoid, Softmax over the last axis, …).</summary>
/// <param name="function">The activation.</param>
public sealed class Activation(ActivationFunction function) : Layer
{
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>The activation.</summary>
    public ActivationFunction Function { get; } = function ?? throw new ArgumentNullException(nameof(function));

    internal override string TypeName => "Activation";

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
        => inputShape.Rank >= 1 ? inputShape : throw ShapeError(inputShape, "at least one axis");

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        _input = input;
        Tensor y = Tensor.Ensure(ref _output, input.Shape);
        Function.Forward(input.Span, y.Span, InputShape[-1]);
        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        if (!needInputGradient)
        {
            return null;
        }

        Tensor dx = Tensor.Ensure(ref _inputGradient, outputGradient.Shape);
        Function.Backward(_input!.Span, _output!.Span, outputGradient.Span, dx.Span, InputShape[-1]);
        return dx;
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input) => Function.ExportOnnx(graph, input, InputShape.Rank + 1);

    internal override void WriteConfig(BinaryWriter writer) => LayerConfig.WriteActivation(writer, Function);

    internal static Activation ReadConfig(BinaryReader reader) => new(LayerConfig.ReadActivation(reader));
}
