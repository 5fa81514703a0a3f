using System.Text;
using Google.Protobuf;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A network that runs its layers one after another, as Keras' Sequential. <see cref="Build"/> infers every layer's
/// shapes from the input shape and initializes the weights from a seed, before any data is seen.
/// </summary>
public sealed class Sequential
{
    /// <summary>The most examples a scoring pass runs at once, so that the layers' buffers stay the size of a batch.</summary>
    internal const int PredictionChunk = 256;
    private readonly Layer[] _layers;
    private Parameter[]? _parameters;
    private Tensor? _predictionInput;
    private int[]? _predictionLengths;
    private RunContext? _predictionContext;

    /// <summary>Creates a network of <paramref name="layers"/>, in order.</summary>
    /// <exception cref="ArgumentException">No layers are given, or a layer appears twice.</exception>
    public Sequential(params IEnumerable<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        if (_layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        if (_layers.Distinct().Count() != _layers.Length)
        {
            throw new ArgumentException("A layer instance may appear only once in a network.", nameof(layers));
        }
    }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool IsBuilt => _layers[^1].IsBuilt;

    /// <summary>The shape of one input example; valid once built.</summary>
    public TensorShape InputShape => _layers[0].InputShape;

    /// <summary>The shape of one output example; valid once built.</summary>
    public TensorShape OutputShape => _layers[^1].OutputShape;

    /// <summary>All parameters of all layers, input side first (empty until built).</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters ?? [];

    /// <summary>The number of scalar weights.</summary>
    public int ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>Infers every layer's shapes from <paramref name="inputShape"/> (one example) and initializes the weights
    /// from <paramref name="seed"/>; returns the output shape.</summary>
    /// <exception cref="ArgumentException">A layer cannot take the shape its predecessor produces; the message names the
    /// layer's position and both shapes.</exception>
    public TensorShape Build(TensorShape inputShape, int seed)
    {
        var random = new Random(seed);
        TensorShape shape = inputShape;
        for (int i = 0; i < _layers.Length; i++)
        {
            try
            {
                shape = _layers[i].Build(shape, random);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Layer {i} ({_layers[i].TypeName}): {ex.Message}", nameof(inputShape), ex);
            }
        }

        _parameters = [.. _layers.SelectMany(l => l.Parameters)];
        return shape;
    }

    /// <summary>Runs the network on <paramref name="features"/>, <paramref name="rows"/> examples laid out one after
    /// another, in scoring mode, and returns the outputs the same way.</summary>
    /// <exception cref="InvalidOperationException">The network is not built.</exception>
    /// <exception cref="ArgumentException">The feature count is not rows × the input size.</exception>
    public float[] Predict(ReadOnlySpan<float> features, int rows)
    {
        var outputs = new float[OutputCount(rows)];
        Predict(features, rows, outputs);
        return outputs;
    }

    /// <summary>Runs the network on <paramref name="features"/>, <paramref name="rows"/> examples laid out one after
    /// another, in scoring mode, and writes the outputs the same way into <paramref name="outputs"/>. The network keeps
    /// its buffers from call to call, so repeated calls with the same number of rows allocate nothing; a network runs
    /// one pass at a time (use a copy per thread).</summary>
    /// <exception cref="InvalidOperationException">The network is not built.</exception>
    /// <exception cref="ArgumentException">The feature count is not rows × the input size, or the destination is not
    /// rows × the output size.</exception>
    public void Predict(ReadOnlySpan<float> features, int rows, Span<float> outputs) => Predict(features, rows, default, outputs, withLengths: false);

    /// <summary>Runs a sequence network on <paramref name="features"/>, <paramref name="rows"/> examples of the input
    /// shape padded to its number of steps, of which only the first <paramref name="sequenceLengths"/>[i] steps of
    /// example i count (as Keras' masking and PyTorch's packed sequences): the recurrent layers stop at each sequence's
    /// end, so the padding's values do not matter.</summary>
    /// <param name="features">The examples, each padded to the input shape's steps.</param>
    /// <param name="rows">The number of examples.</param>
    /// <param name="sequenceLengths">The valid steps of each example, 1 to the input shape's first dimension.</param>
    /// <returns>The outputs, example after example.</returns>
    /// <exception cref="InvalidOperationException">The network is not built, or does not take sequence lengths (see
    /// <see cref="TakesSequenceLengths"/>).</exception>
    /// <exception cref="ArgumentException">The feature count is not rows × the input size, or a length is out of range;
    /// the message names the example.</exception>
    public float[] Predict(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths)
    {
        var outputs = new float[OutputCount(rows)];
        Predict(features, rows, sequenceLengths, outputs);
        return outputs;
    }

    /// <summary>Runs a sequence network on padded examples with their lengths, as
    /// <see cref="Predict(ReadOnlySpan{float}, int, ReadOnlySpan{int})"/> does, writing the outputs into
    /// <paramref name="outputs"/> (rows × the output size) without allocating once the buffers exist, as
    /// <see cref="Predict(ReadOnlySpan{float}, int, Span{float})"/> does.</summary>
    /// <exception cref="InvalidOperationException">The network is not built, or does not take sequence lengths.</exception>
    /// <exception cref="ArgumentException">A count or a length is wrong; the message names the example.</exception>
    public void Predict(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths, Span<float> outputs)
        => Predict(features, rows, sequenceLengths, outputs, withLengths: true);

    /// <summary>Whether the network can run on padded sequences with their lengths: its first layers work step by step
    /// (recurrent layers returning sequences, embedding, dense, layer normalization, activation, dropout and noise
    /// layers) up to a recurrent layer that returns its last state, after which anything may follow.</summary>
    public bool TakesSequenceLengths => IsBuilt && this.Steps() is (true, false);

    /// <summary>Throws unless <paramref name="sequenceLengths"/> are <paramref name="rows"/> valid sequence lengths for
    /// this network.</summary>
    /// <exception cref="InvalidOperationException">The network does not take sequence lengths.</exception>
    /// <exception cref="ArgumentException">The count or a length is wrong; the message names the example.</exception>
    internal void CheckSequenceLengths(ReadOnlySpan<int> sequenceLengths, int rows)
    {
        RequireSequenceLengthsTaken();
        StepPlan.Check(sequenceLengths, rows, InputShape[0], "the network", "takes");
    }

    /// <summary>Throws unless the network is built and <see cref="TakesSequenceLengths"/>.</summary>
    /// <exception cref="InvalidOperationException">It is not; the message lists the layers.</exception>
    internal void RequireSequenceLengthsTaken()
    {
        RequireBuilt();
        if (!TakesSequenceLengths)
        {
            throw new InvalidOperationException($"This network ({string.Join(", ", _layers.Select(l => l.TypeName))}) cannot take sequence lengths: it needs layers that work step by step up to a recurrent layer that returns its last state.");
        }
    }

    private void Predict(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> lengths, Span<float> outputs, bool withLengths)
    {
        RequireBuilt();
        CheckFeatureCount(features, rows);
        int inputSize = InputShape.Size, outputSize = OutputShape.Size;
        if (outputs.Length != (long)rows * outputSize)
        {
            throw new ArgumentException($"{rows} examples of output shape {OutputShape} need {(long)rows * outputSize} values; the destination has {outputs.Length}.", nameof(outputs));
        }

        if (withLengths)
        {
            CheckSequenceLengths(lengths, rows);
        }

        // In chunks, so that the layers' buffers (im2col columns, recurrent states) stay the size of a batch.
        RunContext context = _predictionContext ??= RunContext.Inference();
        int chunk = Math.Min(rows, PredictionChunk);
        for (int start = 0; start < rows; start += chunk)
        {
            int count = Math.Min(chunk, rows - start);
            Tensor x = Tensor.EnsureBatch(ref _predictionInput, count, InputShape);
            features.Slice(start * inputSize, count * inputSize).CopyTo(x.Span);
            context.SequenceLengths = null;
            if (withLengths)
            {
                int[] buffer = Scratch.Ensure(ref _predictionLengths, count);
                lengths.Slice(start, count).CopyTo(buffer);
                context.SequenceLengths = buffer;
            }

            Forward(x, context).Span.CopyTo(outputs.Slice(start * outputSize, count * outputSize));
        }
    }

    private int OutputCount(int rows)
    {
        RequireBuilt();
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return checked(rows * OutputShape.Size);
    }

    /// <summary>Writes the network, in scoring mode, to <paramref name="stream"/> as an ONNX model: one float input
    /// "input" of [batch × input shape] and one output "output" of [batch × output shape], the batch size chosen at run
    /// time. Dropout and noise layers leave the graph and batch normalization uses its moving statistics. A sequence
    /// model whose layers never fix the number of steps (recurrent, embedding, dense, layer normalization, activation
    /// and dropout layers only) also takes sequences of any length: its steps axis is named "sequence".</summary>
    /// <param name="stream">Where the model is written.</param>
    /// <param name="withSequenceLengths">Whether the model has a second input "sequence_lengths" (int32 [batch]) holding
    /// each padded example's number of valid steps, which the recurrent operators honour as <see
    /// cref="Predict(ReadOnlySpan{float}, int, ReadOnlySpan{int})"/> does. Default false.</param>
    /// <param name="opSetVersion">The ONNX default-domain opset the model is written for, 9 to 17 (ML.NET's converter
    /// writes 9 to 12); default 17. Every layer has a form at each of them, except that layers going backwards over
    /// the steps (<see cref="RecurrentLayer.GoBackwards"/>, <see cref="Bidirectional"/>) need 10 or later.</param>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside 9 to 17.</exception>
    /// <exception cref="InvalidOperationException">The network is not built, or lengths were asked for and the network
    /// does not take them (<see cref="TakesSequenceLengths"/>).</exception>
    /// <exception cref="NotSupportedException">A layer has no ONNX form, or none at this opset; the message names the
    /// layer and says why (for an opset, which one it needs).</exception>
    public void ConvertToOnnx(Stream stream, bool withSequenceLengths = false, int opSetVersion = OnnxGraph.DefaultOpset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.ToOnnxModel(withSequenceLengths, opSetVersion).WriteTo(stream);
    }

    /// <summary>A table of the layers with their output shapes and parameter counts, as Keras' summary().</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine("Layer                 Output shape        Parameters");
        foreach (Layer layer in _layers)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{layer.TypeName,-22}{(layer.IsBuilt ? layer.OutputShape.ToString() : "?"),-20}{layer.ParameterCount,10}");
        }

        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Total parameters: {ParameterCount}");
        return text.ToString();
    }

    internal Tensor Forward(Tensor input, RunContext context)
    {
        Tensor x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            x = PoolsInto(i + 1) ? ((ConvolutionLayer)_layers[i]).Forward(x, context, (PoolingLayer)_layers[++i]) : _layers[i].Forward(x, context);
        }

        return x;
    }

    /// <summary>Whether layer <paramref name="index"/> is a max pooling that the convolution before it applies to its
    /// own output, example by example (see <see cref="ConvolutionLayer.CanPoolOutput"/>): the pair runs as one step,
    /// forward and backward, and the convolution's full-size output never goes through memory.</summary>
    internal bool PoolsInto(int index)
        => index > 0 && index < _layers.Length && _layers[index - 1] is ConvolutionLayer convolution && convolution.CanPoolOutput(_layers[index]);

    /// <summary>Back-propagates the gradient of the loss with respect to the last forward pass's output, setting every
    /// parameter's gradient. The input gradient is not computed.</summary>
    internal void Backward(Tensor outputGradient, RunContext context) => Backpropagate(outputGradient, context, toInput: false);

    /// <summary>Back-propagates the gradient of an objective with respect to the last forward pass's output down to the
    /// network's input, through frozen layers too, and returns the gradient with respect to the input (valid until the
    /// next pass). Only input gradients are computed (<see cref="RunContext.ParameterGradients"/> is off for the pass):
    /// the parameters' gradients are left as they are.</summary>
    /// <remarks>The first layer must not be an <see cref="Embedding"/>, whose inputs are token indices with no gradient
    /// (<see cref="InputGradients"/> checks it).</remarks>
    internal Tensor BackwardToInput(Tensor outputGradient, RunContext context)
    {
        bool parameterGradients = context.ParameterGradients;
        context.ParameterGradients = false;
        try
        {
            return Backpropagate(outputGradient, context, toInput: true)!;
        }
        finally
        {
            context.ParameterGradients = parameterGradients;
        }
    }

    private Tensor? Backpropagate(Tensor outputGradient, RunContext context, bool toInput)
    {
        Tensor? gradient = outputGradient;
        for (int i = _layers.Length - 1; i >= 0 && gradient is not null; i--)
        {
            if (PoolsInto(i))
            {
                // The convolution before it back-propagates the pooling it applied.
                i--;
            }

            gradient = _layers[i].Backward(gradient, context, needInputGradient: toInput || (i > 0 && NeedsGradientBelow(i)));
        }

        return gradient;
    }

    /// <summary>A deep copy: the same layers, built, with the same weights and trainable flags.</summary>
    internal Sequential Clone()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            this.Save(writer);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        return NetworkFormat.Load(reader);
    }

    /// <summary>A deep copy of the first <paramref name="count"/> layers, built, with their weights: the encoder half of an
    /// autoencoder, say.</summary>
    internal Sequential Prefix(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _layers.Length);
        return Of(Clone()._layers[..count]);
    }

    /// <summary>A deep copy cut in two after the first <paramref name="count"/> layers: running the head, then the tail on
    /// the head's output, is running the network, and the tail back-propagates to the head's output (the activations of
    /// layer <paramref name="count"/> − 1, which a convolution pooling into the next layer would otherwise never store).</summary>
    internal (Sequential Head, Sequential Tail) Split(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _layers.Length - 1);
        Layer[] layers = Clone()._layers;
        return (Of(layers[..count]), Of(layers[count..]));
    }

    // A network of built layers taken from a copy.
    private static Sequential Of(Layer[] layers) => new(layers) { _parameters = [.. layers.SelectMany(l => l.Parameters)] };

    private bool NeedsGradientBelow(int index)
    {
        // Frozen layers at the input side need no gradient, so back-propagation stops above them.
        for (int i = 0; i < index; i++)
        {
            if (_layers[i].Parameters.Any(p => p.IsTrainable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws unless <paramref name="features"/> are <paramref name="rows"/> examples of the input shape.</summary>
    /// <exception cref="ArgumentException">They are not; the message gives both counts.</exception>
    internal void CheckFeatureCount(ReadOnlySpan<float> features, int rows)
    {
        if (features.Length != (long)rows * InputShape.Size)
        {
            throw new ArgumentException($"{rows} examples of shape {InputShape} need {(long)rows * InputShape.Size} values; got {features.Length}.", nameof(features));
        }
    }

    /// <summary>Throws unless the network is built.</summary>
    /// <exception cref="InvalidOperationException">It is not.</exception>
    internal void RequireBuilt()
    {
        if (!IsBuilt)
        {
            throw new InvalidOperationException("The network is not built; call Build with the input shape first.");
        }
    }
}
