namespace MLNet.NeuralExtensions.Engine;

/// <summary>The gradient of a loss with respect to a network's inputs, example by example, in scoring mode (dropout
/// and noise off, batch normalization on its moving statistics): the direction gradient-based attacks step in. Runs
/// on the network itself, with buffers of its own kept from call to call; it overwrites the parameters' gradients, so it
/// must not run while the network trains or scores elsewhere.</summary>
internal sealed class LossInputGradients(Sequential network, Loss loss)
{
    private readonly RunContext _context = RunContext.Inference();
    private Tensor? _input;
    private Tensor? _outputGradient;

    /// <summary>Writes d(loss of example r)/d(its inputs) for each of <paramref name="rows"/> examples into
    /// <paramref name="gradients"/>, laid out as <paramref name="features"/>. Each example's gradient is scaled by the same
    /// positive factor (the loss's 1/batch), which leaves the directions the attacks use unchanged.</summary>
    public void Compute(ReadOnlySpan<float> features, ReadOnlySpan<float> targets, int rows, Span<float> gradients)
    {
        int inputSize = network.InputShape.Size, targetSize = targets.Length / Math.Max(rows, 1);
        int chunk = Math.Min(rows, Sequential.PredictionChunk);
        for (int start = 0; start < rows; start += chunk)
        {
            int count = Math.Min(chunk, rows - start);
            Tensor x = Tensor.EnsureBatch(ref _input, count, network.InputShape);
            features.Slice(start * inputSize, count * inputSize).CopyTo(x.Span);
            Tensor output = network.Forward(x, _context);
            Tensor seed = Tensor.EnsureBatch(ref _outputGradient, count, network.OutputShape);
            loss.Compute(output.Span, targets.Slice(start * targetSize, count * targetSize), default, count, seed.Span);
            network.BackwardToInput(seed, _context).Span.CopyTo(gradients.Slice(start * inputSize, count * inputSize));
        }
    }
}
