namespace MLNet.NeuralExtensions.Engine;

/// <summary>The runs of an optimizer's per-parameter state buffers (momenta, accumulators) that match the run of weights
/// being updated.</summary>
internal readonly struct OptimizerState(float[][] buffers, int start, int length)
{
    /// <summary>The run of state buffer <paramref name="index"/>.</summary>
    public Span<float> this[int index] => buffers[index].AsSpan(start, length);
}
