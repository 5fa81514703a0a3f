namespace MLNet.NeuralExtensions.Engine;

/// <summary>What a forward or backward pass needs besides its input: whether it trains, the random stream of dropout and noise
/// layers, and the thread budget of the kernels.</summary>
internal sealed class RunContext(bool training, Random random, int maxThreads)
{
    /// <summary>Whether this pass is a training pass (dropout and noise active, batch statistics used).</summary>
    public bool Training { get; set; } = training;

    /// <summary>The seeded random stream of stochastic layers.</summary>
    public Random Random { get; } = random;

    /// <summary>The most threads a kernel may use.</summary>
    public int MaxThreads { get; } = maxThreads;

    /// <summary>Whether backward passes set the parameters' gradients (true); false when only the input gradient is
    /// wanted (<see cref="Sequential.BackwardToInput"/>: explanations and attacks), so that the layers skip those
    /// products and leave the parameters' gradients as they are.</summary>
    public bool ParameterGradients { get; set; } = true;

    /// <summary>The number of valid steps of each example of the current batch (its first entries, one per example), the
    /// rest being padding that recurrent layers skip; null when every example uses all its steps.</summary>
    public int[]? SequenceLengths { get; set; }

    /// <summary>A scoring context: not training, all processors.</summary>
    public static RunContext Inference() => new(false, new Random(0), Environment.ProcessorCount);
}
