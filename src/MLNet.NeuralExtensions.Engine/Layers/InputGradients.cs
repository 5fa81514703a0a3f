namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The gradient of one output of a trained network with respect to its input, example by example: the sensitivity maps
/// behind saliency, Integrated Gradients and SmoothGrad, and the direction gradient-based attacks step in. The chosen
/// output is <see cref="OutputIndex"/> of an example's outputs, taken raw, through a sigmoid or through the softmax of
/// all outputs (<see cref="Function"/>). Works for every network whose layers back-propagate (dense, convolution,
/// pooling, normalization, recurrent), in scoring mode: dropout and noise are off, batch normalization uses its moving
/// statistics.
/// </summary>
/// <remarks>Made from a snapshot of the network's weights (later changes to the network do not show). It keeps its
/// buffers from call to call, so repeated calls with the same number of examples allocate nothing; it runs one call at a
/// time (make one per thread).</remarks>
public sealed class InputGradients
{
    private readonly Sequential _network;
    private readonly RunContext _context = RunContext.Inference();
    private readonly OutputGradientSeed _seed;
    private Tensor? _input;
    private Tensor? _outputGradient;

    /// <summary>Makes the gradients of output <paramref name="outputIndex"/> of <paramref name="network"/> after
    /// <paramref name="function"/>.</summary>
    /// <param name="network">A built network; its weights are copied.</param>
    /// <param name="outputIndex">The output differentiated, 0 to the output size − 1 (an example's outputs flattened).
    /// Default 0.</param>
    /// <param name="function">What is applied to the raw outputs first. Default <see cref="OutputFunction.Identity"/>.</param>
    /// <exception cref="InvalidOperationException">The network is not built, or starts with an <see cref="Embedding"/>
    /// (token indices have no gradient).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The output index is outside the network's outputs; the message
    /// gives the output shape.</exception>
    public InputGradients(Sequential network, int outputIndex = 0, OutputFunction function = OutputFunction.Identity)
    {
        _seed = new OutputGradientSeed(network, outputIndex, function);
        if (network.Layers[0] is Embedding)
        {
            throw new InvalidOperationException("The network starts with an Embedding layer: its inputs are token indices, which have no gradient.");
        }

        _network = network.Clone();
    }

    /// <summary>Gets the shape of one input example.</summary>
    public TensorShape InputShape => _network.InputShape;

    /// <summary>Gets the output differentiated, an index into an example's flattened outputs.</summary>
    public int OutputIndex => _seed.OutputIndex;

    /// <summary>Gets what is applied to the raw outputs before differentiation.</summary>
    public OutputFunction Function => _seed.Function;

    /// <summary>Computes, for each of <paramref name="rows"/> examples laid out one after another in
    /// <paramref name="features"/>, the chosen output (into <paramref name="outputs"/>, one value per example) and its
    /// gradient with respect to the example's input values (into <paramref name="gradients"/>, laid out as the
    /// features). Runs in batches of at most 256 examples.</summary>
    /// <param name="features">rows × the input size values, all finite.</param>
    /// <param name="rows">The number of examples.</param>
    /// <param name="gradients">rows × the input size values, written.</param>
    /// <param name="outputs">rows values, written.</param>
    /// <exception cref="ArgumentException">A count is wrong, or a feature is NaN or infinite; the message names the
    /// example and position.</exception>
    public void Compute(ReadOnlySpan<float> features, int rows, Span<float> gradients, Span<float> outputs)
    {
        OutputGradientSeed.CheckBatch(_network, features, rows, outputs);
        int inputSize = InputShape.Size;
        if (gradients.Length != features.Length)
        {
            throw new ArgumentException($"{rows} examples of shape {InputShape} need {features.Length} gradient values; the destination has {gradients.Length}.", nameof(gradients));
        }

        int chunk = Math.Min(rows, Sequential.PredictionChunk);
        for (int start = 0; start < rows; start += chunk)
        {
            int count = Math.Min(chunk, rows - start);
            Tensor x = Tensor.EnsureBatch(ref _input, count, InputShape);
            features.Slice(start * inputSize, count * inputSize).CopyTo(x.Span);
            ReadOnlySpan<float> raw = _network.Forward(x, _context).Span;
            Tensor seed = Tensor.EnsureBatch(ref _outputGradient, count, _network.OutputShape);
            _seed.Fill(raw, seed.Span, outputs.Slice(start, count));
            _network.BackwardToInput(seed, _context).Span.CopyTo(gradients.Slice(start * inputSize, count * inputSize));
        }
    }
}
