using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Kernels;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Grad-CAM (Selvaraju et al., 2017) of one output of a trained convolutional network, example by example: which
/// regions of an image (or a signal) the output rests on. For the feature maps A_k of one layer (by default the last
/// convolution's), each channel's weight w_k is the spatial mean of the output's gradient with respect to A_k, and the
/// map ReLU(Σ_k w_k A_k), of the layer's height × width, is resized bilinearly to the input's height × width (as
/// PyTorch's <c>interpolate(mode="bilinear", align_corners=False)</c>; linearly along a Conv1D signal's length). The maps
/// are not normalized: they are in units of the output. The output is <see cref="OutputIndex"/> of an example's
/// outputs, raw, through a sigmoid or through the softmax of all outputs (<see cref="Function"/>), in scoring mode:
/// dropout and noise are off, batch normalization uses its moving statistics.
/// </summary>
/// <remarks>Made from a snapshot of the network's weights (later changes to the network do not show). It keeps its
/// buffers from call to call, so repeated calls with the same number of examples allocate nothing; it runs one call at a
/// time (make one per thread). For attributions to every input value of any network, see <see cref="InputGradients"/>.</remarks>
public sealed class ClassActivationMaps
{
    private readonly Sequential _head;
    private readonly Sequential _tail;
    private readonly OutputGradientSeed _seed;
    private readonly RunContext _context = RunContext.Inference();
    private readonly BilinearUpsampling _resize;
    private readonly float[] _map;
    private Tensor? _input;
    private Tensor? _outputGradient;

    /// <summary>Makes the Grad-CAM maps of output <paramref name="outputIndex"/> of <paramref name="network"/> after
    /// <paramref name="function"/>, over the feature maps of layer <paramref name="layerIndex"/>.</summary>
    /// <param name="network">A built network whose input is an image, [channels × height × width] (or a signal,
    /// [channels × length]); its weights are copied.</param>
    /// <param name="outputIndex">The output explained, 0 to the output size − 1 (an example's outputs flattened).
    /// Default 0.</param>
    /// <param name="function">What is applied to the raw outputs first. Default <see cref="OutputFunction.Identity"/>.</param>
    /// <param name="layerIndex">The layer whose output feature maps are weighed (0-based, in <see cref="Sequential.Layers"/>),
    /// which must keep the input's layout, [channels × height × width], and come before the last layer; null (default)
    /// for the last <see cref="ConvolutionLayer"/> together with the batch normalization and activation layers right
    /// after it (the maps its block hands on).</param>
    /// <exception cref="InvalidOperationException">The network is not built, its input is not an image or signal, or
    /// it has no convolution layer; the message names its layers and the alternative, <see cref="InputGradients"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The output or layer index is outside the network; the message gives
    /// the output shape or the layer count.</exception>
    /// <exception cref="ArgumentException">The named layer's output is not feature maps in the input's layout; the message
    /// gives its shape and the last convolution layer's index.</exception>
    public ClassActivationMaps(Sequential network, int outputIndex = 0, OutputFunction function = OutputFunction.Identity, int? layerIndex = null)
    {
        _seed = new OutputGradientSeed(network, outputIndex, function);
        LayerIndex = FindLayer(network, layerIndex);
        (_head, _tail) = network.Split(LayerIndex + 1);
        TensorShape input = network.InputShape, maps = _head.OutputShape;
        (int Height, int Width) Plane(TensorShape shape) => shape.Rank == 3 ? (shape[1], shape[2]) : (1, shape[1]);
        _resize = new BilinearUpsampling(Plane(maps), Plane(input));
        _map = new float[maps.Size / maps[0]];
        MapSize = input.Size / input[0];
    }

    /// <summary>Gets the shape of one input example.</summary>
    public TensorShape InputShape => _head.InputShape;

    /// <summary>Gets the layer whose output feature maps are weighed (an index into the network's layers).</summary>
    public int LayerIndex { get; }

    /// <summary>Gets the shape of that layer's feature maps for one example, [channels × height × width] (or
    /// [channels × length]).</summary>
    public TensorShape FeatureMapShape => _head.OutputShape;

    /// <summary>Gets the number of values of one example's map: the input's height × width (or length).</summary>
    public int MapSize { get; }

    /// <summary>Gets the output explained, an index into an example's flattened outputs.</summary>
    public int OutputIndex => _seed.OutputIndex;

    /// <summary>Gets what is applied to the raw outputs before differentiation.</summary>
    public OutputFunction Function => _seed.Function;

    /// <summary>Computes, for each of <paramref name="rows"/> examples laid out one after another in
    /// <paramref name="features"/>, the explained output (into <paramref name="outputs"/>, one value per example) and its
    /// Grad-CAM map (into <paramref name="maps"/>, <see cref="MapSize"/> values per example, row-major over the input's
    /// height × width). Runs in batches of at most 256 examples.</summary>
    /// <param name="features">rows × the input size values, all finite.</param>
    /// <param name="rows">The number of examples.</param>
    /// <param name="maps">rows × <see cref="MapSize"/> values, written; each at least 0.</param>
    /// <param name="outputs">rows values, written.</param>
    /// <exception cref="ArgumentException">A count is wrong, or a feature is NaN or infinite; the message names the
    /// example and position.</exception>
    public void Compute(ReadOnlySpan<float> features, int rows, Span<float> maps, Span<float> outputs)
    {
        OutputGradientSeed.CheckBatch(_head, features, rows, outputs);
        if (maps.Length != (long)rows * MapSize)
        {
            throw new ArgumentException($"{rows} examples of shape {InputShape} need {(long)rows * MapSize} map values (height × width each); the destination has {maps.Length}.", nameof(maps));
        }

        int inputSize = InputShape.Size, mapsSize = FeatureMapShape.Size;
        int chunk = Math.Min(rows, Sequential.PredictionChunk);
        for (int start = 0; start < rows; start += chunk)
        {
            int count = Math.Min(chunk, rows - start);
            Tensor x = Tensor.EnsureBatch(ref _input, count, InputShape);
            features.Slice(start * inputSize, count * inputSize).CopyTo(x.Span);
            (Tensor activations, Tensor gradients) = Differentiate(x, outputs.Slice(start, count));
            for (int r = 0; r < count; r++)
            {
                Weigh(activations.Span.Slice(r * mapsSize, mapsSize), gradients.Span.Slice(r * mapsSize, mapsSize), maps.Slice((start + r) * MapSize, MapSize));
            }
        }
    }

    /// <summary>Runs a batch and returns the layer's feature maps and the explained output's gradient with respect to
    /// them (both valid until the next call), writing the outputs.</summary>
    internal (Tensor Activations, Tensor Gradients) Differentiate(Tensor input, Span<float> outputs)
    {
        Tensor activations = _head.Forward(input, _context);
        ReadOnlySpan<float> raw = _tail.Forward(activations, _context).Span;
        Tensor seed = Tensor.EnsureBatch(ref _outputGradient, input.Shape[0], _tail.OutputShape);
        _seed.Fill(raw, seed.Span, outputs);
        return (activations, _tail.BackwardToInput(seed, _context));
    }

    // One example's map: ReLU(Σ_k mean(∂y/∂A_k) · A_k), resized to the input's plane.
    private void Weigh(ReadOnlySpan<float> activations, ReadOnlySpan<float> gradients, Span<float> map)
    {
        int plane = _map.Length, channels = activations.Length / plane;
        Span<float> sum = _map;
        sum.Clear();
        for (int k = 0; k < channels; k++)
        {
            float weight = TensorPrimitives.Sum(gradients.Slice(k * plane, plane)) / plane;
            TensorPrimitives.MultiplyAdd(activations.Slice(k * plane, plane), weight, sum, sum);
        }

        TensorPrimitives.Max(sum, 0f, sum);
        _resize.Resize(sum, map);
    }

    private static int FindLayer(Sequential network, int? layerIndex)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        TensorShape input = network.InputShape;
        string described = string.Join(", ", layers.Select(l => l.TypeName));
        if (input.Rank is not (2 or 3))
        {
            throw new InvalidOperationException($"Grad-CAM maps onto the input's height × width, but this network's input {input} is not an image [channels × height × width] or a signal [channels × length] (layers: {described}). Attribute its output to every input value with InputGradients (saliency, Integrated Gradients) instead.");
        }

        int lastConvolution = Enumerable.Range(0, layers.Count - 1).LastOrDefault(i => layers[i] is ConvolutionLayer, -1);
        if (lastConvolution < 0)
        {
            throw new InvalidOperationException($"Grad-CAM weighs the feature maps of a convolution layer before the output layer; this network has none (layers: {described}). Attribute its output to every input value with InputGradients (saliency, Integrated Gradients) instead.");
        }

        if (layerIndex is not int index)
        {
            int block = lastConvolution;
            while (block + 2 < layers.Count && layers[block + 1] is BatchNormalization or Activation)
            {
                block++;
            }

            return block;
        }

        if (index < 0 || index >= layers.Count - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(layerIndex), index, $"The network has {layers.Count} layers; Grad-CAM needs a layer from 0 to {layers.Count - 2}, before the output layer (the last convolution layer is layer {lastConvolution}).");
        }

        TensorShape maps = layers[index].OutputShape;
        bool afterConvolution = Enumerable.Range(0, index + 1).Any(i => layers[i] is ConvolutionLayer);
        if (!afterConvolution || maps.Rank != input.Rank)
        {
            throw new ArgumentException($"Layer {index} ({layers[index].TypeName}) outputs {maps}, which are not convolution feature maps laid out as the input {input} ([channels × height × width]); the last convolution layer is layer {lastConvolution}.", nameof(layerIndex));
        }

        return index;
    }
}
