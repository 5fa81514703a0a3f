namespace MLNet.NeuralExtensions.Engine.Onnx;

/// <summary>
/// Where layers write their scoring form: an ONNX graph under construction, for ONNX's default-domain operators at
/// opset <see cref="Opset"/>, that names every value uniquely and holds the weights. The engine's own
/// <see cref="OnnxGraph"/> is one; the ML.NET extension writes into ML.NET's converter context through another.
/// </summary>
/// <remarks>
/// The layers emit forms valid from opset <see cref="MinimumOpset"/> to <see cref="MaximumOpset"/>: non-negative axes
/// (negative ones need opset 11), Softmax with its axis given (before opset 13 it flattens the input to two axes from
/// that axis, which for the last axis is the same softmax), Squeeze through <see cref="Squeeze"/> (axes became an input
/// at 13), LayerNormalization decomposed below 17, ReduceMean with its axes attribute (an input from 18). A form that
/// needs a later opset asks for it with <see cref="RequireOpset"/>.
/// </remarks>
internal abstract class OnnxBuilder
{
    /// <summary>The earliest default-domain opset the layers can be written at (the earliest ML.NET's converter writes).</summary>
    public const int MinimumOpset = 9;

    /// <summary>The latest default-domain opset the layers are written for (ONNX 1.12, the newest that onnx.checker in
    /// Debian bookworm accepts).</summary>
    public const int MaximumOpset = 17;

    /// <summary>Starts a builder for <paramref name="opset"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside <see cref="MinimumOpset"/> to <see cref="MaximumOpset"/>.</exception>
    protected OnnxBuilder(int opset)
    {
        if (opset is < MinimumOpset or > MaximumOpset)
        {
            throw new ArgumentOutOfRangeException(nameof(opset), opset, $"Networks are written for ONNX opsets {MinimumOpset} to {MaximumOpset}; opset {opset} was asked for.");
        }

        Opset = opset;
    }

    /// <summary>The default-domain opset the graph is written for.</summary>
    public int Opset { get; }

    /// <summary>The int32 [batch] value with each example's number of valid steps, while a network that takes sequence
    /// lengths is being added (recurrent layers hand it to their operators); null otherwise.</summary>
    public string? SequenceLengths { get; set; }

    /// <summary>Adds a float tensor of <paramref name="dimensions"/> (none for a scalar) as a weight and returns its name.</summary>
    public abstract string AddInitializer(string hint, ReadOnlySpan<float> values, params ReadOnlySpan<long> dimensions);

    /// <summary>Adds a one-dimensional int64 tensor (shapes, axes, indices) and returns its name.</summary>
    public abstract string AddInt64s(string hint, params ReadOnlySpan<long> values);

    /// <summary>Adds a default-domain node with one output per hint and returns the output names; an empty hint leaves
    /// that optional output unused.</summary>
    public abstract string[] AddNode(string opType, IEnumerable<string> inputs, IReadOnlyList<string> outputHints, IEnumerable<OnnxAttribute> attributes);

    /// <summary>Adds a float scalar and returns its name.</summary>
    public string AddScalar(string hint, float value) => AddInitializer(hint, new ReadOnlySpan<float>(in value));

    /// <summary>Adds a node with one output, named from <paramref name="outputHint"/>, and returns that name.</summary>
    public string Add(string opType, IEnumerable<string> inputs, string outputHint, params IEnumerable<OnnxAttribute> attributes)
        => AddNode(opType, inputs, [outputHint], attributes)[0];

    /// <summary>Removes axis <paramref name="axis"/> (of size 1) from <paramref name="input"/>: the axes are an
    /// attribute before opset 13 and an input from 13.</summary>
    public string Squeeze(string input, long axis, string outputHint) => Opset >= 13
        ? Add("Squeeze", [input, AddInt64s("axes", axis)], outputHint)
        : Add("Squeeze", [input], outputHint, OnnxAttribute.Ints("axes", axis));

    /// <summary>Throws unless the graph's opset is at least <paramref name="minimum"/>.</summary>
    /// <param name="minimum">The earliest opset that has what <paramref name="what"/> needs.</param>
    /// <param name="what">What needs it, as the start of a sentence ("Going backwards (Slice with negative steps)").</param>
    /// <exception cref="NotSupportedException">The opset is earlier; the message names both opsets.</exception>
    public void RequireOpset(int minimum, string what)
    {
        if (Opset < minimum)
        {
            throw new NotSupportedException($"{what} needs ONNX opset {minimum} or later; the graph is written for opset {Opset}.");
        }
    }
}
