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

    /// <summary>Whether the activation is element-wise and its gradient needs only the output, so that a layer can apply
    /// it in place slice by slice (<see cref="ForwardSlice"/>, <see cref="BackwardSlice"/>) while each slice is in cache.</summary>
    public bool AppliesBySlices => !IsLinear && Function.BackwardUsesOutputOnly;

    /// <summary>Applies the activation in place to a slice of the pre-activations; only when <see cref="AppliesBySlices"/>.</summary>
    public void ForwardSlice(Span<float> preactivations) => Function.Forward(preactivations, preactivations, preactivations.Length);

    /// <summary>Completes a forward pass whose slices the layer activated itself: the output is the pre-activation buffer.</summary>
    public Tensor ForwardBySlices() => _output = _preactivation!;

    /// <summary>The buffer the layer writes the pre-activation gradient into, slice by slice, with <see cref="BackwardSlice"/>.</summary>
    public Tensor PreactivationGradient(TensorShape shape) => Tensor.Ensure(ref _preactivationGradient, shape);

    /// <summary>Writes the pre-activation gradient of the elements at <paramref name="offset"/> from their output gradient.</summary>
    public void BackwardSlice(ReadOnlySpan<float> outputGradient, Span<float> preactivationGradient, int offset)
        => BackwardAt(_output!.Span.Slice(offset, preactivationGradient.Length), outputGradient, preactivationGradient);

    /// <summary>Writes the pre-activation gradient of elements whose outputs are <paramref name="output"/> from their
    /// output gradient (a copy when linear); only when linear or <see cref="AppliesBySlices"/>.</summary>
    public void BackwardAt(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> preactivationGradient)
    {
        if (IsLinear)
        {
            outputGradient.CopyTo(preactivationGradient);
            return;
        }

        Function.Backward(output, output, outputGradient, preactivationGradient, preactivationGradient.Length);
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
