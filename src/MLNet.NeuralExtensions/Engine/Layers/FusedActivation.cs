namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The activation a weighted layer (Dense, convolution) applies to its pre-activations, with the buffers of both passes.
/// A linear activation costs nothing: the pre-activations are the output and the gradient passes through.
/// </summary>
internal sealed class FusedActivation(ActivationFunction function)
{
    private Tensor? _preactivation;
    private Tensor? _output;
    private Tensor? _preactivationGradient;

    public ActivationFunction Function { get; } = function;

    private bool IsLinear => Function is LinearActivation;

    /// <summary>A buffer of <paramref name="batch"/> examples of <paramref name="example"/> for the layer to write its
    /// pre-activations into.</summary>
    public Tensor Preactivation(int batch, TensorShape example) => Tensor.EnsureBatch(ref _preactivation, batch, example);

    /// <summary>Applies the activation to the pre-activations last returned by <see cref="Preactivation"/>, over rows of
    /// <paramref name="rowLength"/> (the axis softmax normalizes).</summary>
    public Tensor Forward(int rowLength)
    {
        Tensor z = _preactivation!;
        if (IsLinear)
        {
            return z;
        }

        // In place when the backward pass needs only the output: the pre-activations are not kept.
        Tensor y = Function.BackwardUsesOutputOnly ? z : Tensor.Ensure(ref _output, z.Shape);
        Function.Forward(z.Span, y.Span, rowLength);
        _output = y;
        return y;
    }

    /// <summary>Turns the gradient with respect to the output into the gradient with respect to the pre-activations.</summary>
    public Tensor Backward(Tensor outputGradient, int rowLength)
    {
        if (IsLinear)
        {
            return outputGradient;
        }

        Tensor dz = Tensor.Ensure(ref _preactivationGradient, outputGradient.Shape);
        Tensor y = _output!;
        Function.Backward(Function.BackwardUsesOutputOnly ? y.Span : _preactivation!.Span, y.Span, outputGradient.Span, dz.Span, rowLength);
        return dz;
    }
}
