using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Looks up a learned vector for each integer index: an example of indices (stored as floats, any shape) becomes that
/// shape plus a last axis of <see cref="OutputDimension"/>. Keras' Embedding; ONNX: Gather over the embedding matrix.
/// Indices are not differentiable, so the input gradient is zero.
/// </summary>
public sealed class Embedding : Layer
{
    private Parameter? _embeddings;
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>Creates an embedding layer.</summary>
    /// <param name="inputDimension">The number of distinct indices: inputs must be integers in [0, inputDimension).</param>
    /// <param name="outputDimension">The length of each vector.</param>
    /// <param name="embeddingsInitializer">Default <see cref="Initializer.RandomUniform"/> with limit 0.05 (Keras).</param>
    /// <param name="embeddingsRegularization">L1/L2 penalty on the vectors; default none.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    public Embedding(int inputDimension, int outputDimension, Initializer? embeddingsInitializer = null, Regularization? embeddingsRegularization = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDimension, 1);
        InputDimension = inputDimension;
        OutputDimension = outputDimension;
        EmbeddingsInitializer = embeddingsInitializer ?? Initializer.RandomUniform();
        EmbeddingsRegularization = embeddingsRegularization;
    }

    /// <summary>The number of distinct indices.</summary>
    public int InputDimension { get; }

    /// <summary>The length of each vector.</summary>
    public int OutputDimension { get; }

    /// <summary>How the vectors are initialized.</summary>
    public Initializer EmbeddingsInitializer { get; }

    /// <summary>The vectors' L1/L2 penalty, or null.</summary>
    public Regularization? EmbeddingsRegularization { get; }

    /// <summary>The vectors, [input dimension × output dimension].</summary>
    public Parameter Embeddings => _embeddings ?? throw new InvalidOperationException("The layer is not built.");

    internal override string TypeName => "Embedding";

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        _embeddings = AddParameter("embeddings", new TensorShape(InputDimension, OutputDimension), EmbeddingsRegularization);
        EmbeddingsInitializer.Fill(_embeddings.Value.Span, InputDimension, OutputDimension, random);
        return new TensorShape([.. inputShape.Dimensions, OutputDimension]);
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        _input = input;
        Tensor y = Tensor.EnsureBatch(ref _output, input.Shape[0], OutputShape);
        ReadOnlySpan<float> indices = input.Span;
        ReadOnlySpan<float> table = Embeddings.Value.Span;
        for (int i = 0; i < indices.Length; i++)
        {
            table.Slice(Index(indices[i], i) * OutputDimension, OutputDimension).CopyTo(y.Span.Slice(i * OutputDimension, OutputDimension));
        }

        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        Tensor input = _input ?? throw new InvalidOperationException("Backward before forward.");
        Span<float> gradient = Embeddings.Gradient.Span;
        ReadOnlySpan<float> indices = input.Span;
        if (context.ParameterGradients)
        {
            gradient.Clear();
        }

        for (int i = 0; context.ParameterGradients && i < indices.Length; i++)
        {
            Span<float> row = gradient.Slice((int)indices[i] * OutputDimension, OutputDimension);
            System.Numerics.Tensors.TensorPrimitives.Add(row, outputGradient.Span.Slice(i * OutputDimension, OutputDimension), row);
        }

        if (!needInputGradient)
        {
            return null;
        }

        Tensor dx = Tensor.Ensure(ref _inputGradient, input.Shape);
        dx.Span.Clear();
        return dx;
    }

    // The indices arrive as floats, as every feature does; ONNX's Gather takes them as integers.
    internal override string ExportOnnx(OnnxBuilder graph, string input)
    {
        string table = graph.AddInitializer("embeddings", Embeddings.Value.Span, InputDimension, OutputDimension);
        string indices = graph.Add("Cast", [input], "indices", OnnxAttribute.Int("to", (long)Onnx.Protobuf.TensorProto.Types.DataType.Int64));
        return graph.Add("Gather", [table, indices], "embedded");
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
        writer.Write(InputDimension);
        writer.Write(OutputDimension);
        LayerConfig.WriteRegularization(writer, EmbeddingsRegularization);
    }

    internal static Embedding ReadConfig(BinaryReader reader)
        => new(reader.ReadInt32(), reader.ReadInt32(), Initializer.Zeros, LayerConfig.ReadRegularization(reader));

    private int Index(float value, int position)
    {
        int index = (int)value;
        if (index != value || (uint)index >= (uint)InputDimension)
        {
            int perExample = InputShape.Size;
            throw new ArgumentException(
                $"Embedding input of example {position / perExample}, position {position % perExample} is {value}; expected an integer index in [0, {InputDimension}).");
        }

        return index;
    }
}
