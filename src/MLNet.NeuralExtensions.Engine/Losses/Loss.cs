namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A training objective. The batch loss is Keras' "sum over batch size": <c>Σ_i w_i · l_i / N</c>, where l_i is the
/// loss of example i (averaged over the output's last axis for element-wise losses, summed over classes for
/// cross-entropies) and w_i its weight (1 without weights; example weights times class weights when both are used).
/// </summary>
public abstract class Loss
{
    /// <summary>Clipping bound of probabilities, as Keras' backend epsilon.</summary>
    private protected const float Epsilon = 1e-7f;

    private protected Loss()
    {
    }

    /// <summary>The loss's name, as shown in training progress.</summary>
    public abstract string Name { get; }

    /// <summary>The number of target values per example for <paramref name="outputSize"/> network outputs: the output
    /// size, or 1 for sparse (class-index) targets.</summary>
    internal virtual int TargetSize(int outputSize) => outputSize;

    /// <summary>
    /// Returns the weighted mean loss of a batch and writes its gradient with respect to <paramref name="output"/>.
    /// </summary>
    /// <param name="output">The network's outputs, <paramref name="batch"/> rows.</param>
    /// <param name="target">The targets, <see cref="TargetSize"/> values per row.</param>
    /// <param name="weights">One weight per row, or empty for unit weights.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="gradient">Receives d(loss)/d(output), same layout as <paramref name="output"/>.</param>
    internal double Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> weights, int batch, Span<float> gradient)
    {
        int outputSize = output.Length / batch;
        int targetSize = TargetSize(outputSize);
        if (target.Length != batch * targetSize)
        {
            throw new ArgumentException($"{Name} needs {targetSize} target value(s) per example for {outputSize} outputs; got {target.Length} values for {batch} examples.", nameof(target));
        }

        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            Span<float> g = gradient.Slice(i * outputSize, outputSize);
            double loss = Example(output.Slice(i * outputSize, outputSize), target.Slice(i * targetSize, targetSize), g);
            float scale = (weights.IsEmpty ? 1f : weights[i]) / batch;
            System.Numerics.Tensors.TensorPrimitives.Multiply(g, scale, g);
            total += scale * loss;
        }

        return total;
    }

    /// <summary>Whether the output of one example names the target's class; null for losses that are not classification
    /// losses (accuracy is then not reported).</summary>
    internal virtual bool? IsCorrect(ReadOnlySpan<float> output, ReadOnlySpan<float> target) => null;

    /// <summary>Returns the loss of one example and writes its gradient with respect to the example's outputs.</summary>
    private protected abstract double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
