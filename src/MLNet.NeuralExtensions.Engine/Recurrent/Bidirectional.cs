using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Runs a recurrent layer forwards and a copy of it backwards over the same sequence and merges the two outputs; with
/// returned sequences the backward copy's outputs are put back in time order first, so step t of the output sees the
/// whole sequence. Keras' Bidirectional; ONNX: two forward recurrent operators, the second over the reversed steps
/// (opset 10 or later), merged by Concat, Add or their mean.
/// </summary>
public sealed class Bidirectional : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor? _forwardGradient;
    private Tensor? _backwardGradient;

    /// <summary>Wraps <paramref name="layer"/>, which runs forwards; a copy with the same hyperparameters runs backwards.</summary>
    /// <param name="layer">A recurrent layer that is not yet built and not going backwards.</param>
    /// <param name="mergeMode">Default <see cref="BidirectionalMerge.Concatenate"/>.</param>
    /// <exception cref="ArgumentException">The layer is built already or goes backwards.</exception>
    public Bidirectional(RecurrentLayer layer, BidirectionalMerge mergeMode = BidirectionalMerge.Concatenate)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.IsBuilt || layer.GoBackwards)
        {
            throw new ArgumentException("Bidirectional needs an unbuilt recurrent layer that runs forwards; it makes the backward copy itself.", nameof(layer));
        }

        if (!Enum.IsDefined(mergeMode))
        {
            throw new ArgumentOutOfRangeException(nameof(mergeMode), mergeMode, "Unknown merge mode.");
        }

        Forwards = layer;
        Backwards = layer.CreateReversed();
        MergeMode = mergeMode;
    }

    /// <summary>The layer that runs first to last.</summary>
    public RecurrentLayer Forwards { get; }

    /// <summary>The copy that runs last to first.</summary>
    public RecurrentLayer Backwards { get; }

    /// <summary>How the two outputs are combined.</summary>
    public BidirectionalMerge MergeMode { get; }

    internal override string TypeName => "Bidirectional";

    private int Units => Forwards.Units;

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        TensorShape single = Forwards.Build(inputShape, random);
        Backwards.Build(inputShape, random);
        AdoptParameters(Forwards);
        AdoptParameters(Backwards);
        if (MergeMode != BidirectionalMerge.Concatenate)
        {
            return single;
        }

        var dimensions = single.Dimensions.ToArray();
        dimensions[^1] *= 2;
        return new TensorShape(dimensions);
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        Tensor forwards = Forwards.Forward(input, context);
        Tensor backwards = Backwards.Forward(input, context);
        Tensor y = Tensor.EnsureBatch(ref _output, input.Shape[0], OutputShape);
        int vectors = forwards.Length / Units;
        for (int v = 0; v < vectors; v++)
        {
            ReadOnlySpan<float> f = forwards.Span.Slice(v * Units, Units);
            ReadOnlySpan<float> b = backwards.Span.Slice(TimeAligned(v, context.SequenceLengths) * Units, Units);
            switch (MergeMode)
            {
                case BidirectionalMerge.Concatenate:
                    f.CopyTo(y.Span.Slice(v * 2 * Units, Units));
                    b.CopyTo(y.Span.Slice(((v * 2) + 1) * Units, Units));
                    break;
                default:
                    Span<float> target = y.Span.Slice(v * Units, Units);
                    TensorPrimitives.Add(f, b, target);
                    if (MergeMode == BidirectionalMerge.Average)
                    {
                        TensorPrimitives.Multiply(target, 0.5f, target);
                    }

                    break;
            }
        }

        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        int batch = outputGradient.Shape[0];
        Tensor df = Tensor.EnsureBatch(ref _forwardGradient, batch, Forwards.OutputShape);
        Tensor db = Tensor.EnsureBatch(ref _backwardGradient, batch, Backwards.OutputShape);
        int vectors = df.Length / Units;
        float share = MergeMode == BidirectionalMerge.Average ? 0.5f : 1f;
        for (int v = 0; v < vectors; v++)
        {
            Span<float> f = df.Span.Slice(v * Units, Units);
            Span<float> b = db.Span.Slice(TimeAligned(v, context.SequenceLengths) * Units, Units);
            if (MergeMode == BidirectionalMerge.Concatenate)
            {
                outputGradient.Span.Slice(v * 2 * Units, Units).CopyTo(f);
                outputGradient.Span.Slice(((v * 2) + 1) * Units, Units).CopyTo(b);
            }
            else
            {
                TensorPrimitives.Multiply(outputGradient.Span.Slice(v * Units, Units), share, f);
                f.CopyTo(b);
            }
        }

        Tensor? dxForwards = Forwards.Backward(df, context, needInputGradient);
        Tensor? dxBackwards = Backwards.Backward(db, context, needInputGradient);
        if (!needInputGradient)
        {
            return null;
        }

        Tensor dx = Tensor.Ensure(ref _inputGradient, dxForwards!.Shape);
        TensorPrimitives.Add(dxForwards.Span, dxBackwards!.Span, dx.Span);
        return dx;
    }

    // Both directions as separate forward cells, the backward one re-aligned with the input's time order, then merged
    // (along the last axis by its index: negative axes need opset 11).
    internal override string ExportOnnx(OnnxBuilder graph, string input)
    {
        string forwards = Forwards.ExportOnnx(graph, input, timeAligned: true);
        string backwards = Backwards.ExportOnnx(graph, input, timeAligned: true);
        return MergeMode switch
        {
            BidirectionalMerge.Concatenate => graph.Add("Concat", [forwards, backwards], "bidirectional", OnnxAttribute.Int("axis", OutputShape.Rank)),
            BidirectionalMerge.Sum => graph.Add("Add", [forwards, backwards], "bidirectional"),
            _ => graph.Add("Mul", [graph.Add("Add", [forwards, backwards], "bidirectional_sum"), graph.AddScalar("half", 0.5f)], "bidirectional"),
        };
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
        writer.Write((int)MergeMode);
        writer.Write(Forwards.TypeName);
        Forwards.WriteConfig(writer);
    }

    internal static Bidirectional ReadConfig(BinaryReader reader)
    {
        var merge = (BidirectionalMerge)reader.ReadInt32();
        string inner = reader.ReadString();
        return LayerRegistry.Read(inner, reader) is RecurrentLayer { GoBackwards: false } layer
            ? new Bidirectional(layer, merge)
            : throw new FormatException($"A Bidirectional layer must wrap a forward recurrent layer; the file names '{inner}'.");
    }

    /// <summary>The index of the backward copy's vector that belongs with the forwards vector <paramref name="index"/>:
    /// the same for a last-state output, the step mirrored within the sequence's valid length for returned sequences
    /// (past the end both are zeros, and the index stays).</summary>
    private int TimeAligned(int index, int[]? lengths)
    {
        if (!Forwards.ReturnSequences)
        {
            return index;
        }

        int steps = InputShape[0];
        int example = index / steps, step = index % steps;
        int length = lengths?[example] ?? steps;
        return step < length ? (example * steps) + (length - 1 - step) : index;
    }
}
