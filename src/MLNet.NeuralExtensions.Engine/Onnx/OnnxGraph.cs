using System.Runtime.InteropServices;
using Google.Protobuf;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;

namespace MLNet.NeuralExtensions.Engine.Onnx;

/// <summary>
/// Builds one ONNX graph in the engine's own protobuf types: inputs, outputs, weights (initializers) and nodes, each
/// value under a unique name. Components add their part and hand the name of their output to the next one;
/// <see cref="ToModel"/> wraps the graph in a model for the builder's <see cref="OnnxBuilder.Opset"/>.
/// </summary>
internal sealed class OnnxGraph : OnnxBuilder
{
    /// <summary>The default-domain opset of a model when none is asked for.</summary>
    public const int DefaultOpset = MaximumOpset;

    private const int IrVersion = 8;
    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph called <paramref name="name"/> for default-domain opset <paramref name="opset"/>
    /// (default <see cref="DefaultOpset"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside <see cref="OnnxBuilder.MinimumOpset"/> to
    /// <see cref="OnnxBuilder.MaximumOpset"/>.</exception>
    public OnnxGraph(string name, int opset = DefaultOpset)
        : base(opset) => _graph = new GraphProto { Name = name };

    /// <summary>A name not used yet in the graph, made from <paramref name="hint"/>.</summary>
    public string UniqueName(string hint)
    {
        string name = hint;
        for (int i = 1; !_names.Add(name); i++)
        {
            name = $"{hint}_{i}";
        }

        return name;
    }

    /// <summary>Declares a graph input and returns its name (made unique from <paramref name="name"/>).</summary>
    public string AddInput(string name, TensorProto.Types.DataType type, params IEnumerable<OnnxDimension> dimensions)
    {
        string unique = UniqueName(name);
        DeclareInput(unique, type, dimensions);
        return unique;
    }

    /// <summary>Declares a graph input under <paramref name="reservedName"/>, a name taken earlier with
    /// <see cref="UniqueName"/> (for inputs declared only once it is known that the graph reads them).</summary>
    public void DeclareInput(string reservedName, TensorProto.Types.DataType type, params IEnumerable<OnnxDimension> dimensions)
        => _graph.Input.Add(ValueInfo(reservedName, type, dimensions));

    /// <summary>Declares <paramref name="value"/> a graph output under <paramref name="name"/>, through an Identity node
    /// when the names differ.</summary>
    public void AddOutput(string value, string name, TensorProto.Types.DataType type, params IEnumerable<OnnxDimension> dimensions)
    {
        if (value != name)
        {
            if (!_names.Add(name))
            {
                throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");
            }

            _graph.Node.Add(Node("Identity", [value], [name], []));
        }

        _graph.Output.Add(ValueInfo(name, type, dimensions));
    }

    /// <inheritdoc/>
    public override string AddInitializer(string hint, ReadOnlySpan<float> values, params ReadOnlySpan<long> dimensions)
        => AddInitializer(hint, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), dimensions);

    /// <inheritdoc/>
    public override string AddInt64s(string hint, params ReadOnlySpan<long> values)
        => AddInitializer(hint, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values), [values.Length]);

    /// <inheritdoc/>
    public override string[] AddNode(string opType, IEnumerable<string> inputs, IReadOnlyList<string> outputHints, IEnumerable<OnnxAttribute> attributes)
    {
        string[] outputs = [.. outputHints.Select(h => h.Length == 0 ? "" : UniqueName(h))];
        _graph.Node.Add(Node(opType, inputs, outputs, attributes));
        return outputs;
    }

    /// <summary>The finished model; <paramref name="description"/> becomes its doc string.</summary>
    public ModelProto ToModel(string description)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "MLNet.NeuralExtensions",
            ProducerVersion = typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "",
            DocString = description,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    private string AddInitializer(string hint, TensorProto.Types.DataType type, ReadOnlySpan<byte> data, ReadOnlySpan<long> dimensions)
    {
        var tensor = new TensorProto { Name = UniqueName(hint), DataType = (int)type, RawData = ByteString.CopyFrom(data) };
        foreach (long dimension in dimensions)
        {
            tensor.Dims.Add(dimension);
        }

        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private static NodeProto Node(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, IEnumerable<OnnxAttribute> attributes)
    {
        var node = new NodeProto { OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes.Select(Attribute));
        return node;
    }

    private static AttributeProto Attribute(OnnxAttribute attribute)
    {
        var proto = new AttributeProto { Name = attribute.Name };
        switch (attribute.Value)
        {
            case long value:
                proto.Type = AttributeProto.Types.AttributeType.Int;
                proto.I = value;
                break;
            case float value:
                proto.Type = AttributeProto.Types.AttributeType.Float;
                proto.F = value;
                break;
            case string value:
                proto.Type = AttributeProto.Types.AttributeType.String;
                proto.S = ByteString.CopyFromUtf8(value);
                break;
            case long[] values:
                proto.Type = AttributeProto.Types.AttributeType.Ints;
                proto.Ints.AddRange(values);
                break;
            case float[] values:
                proto.Type = AttributeProto.Types.AttributeType.Floats;
                proto.Floats.AddRange(values);
                break;
            default:
                proto.Type = AttributeProto.Types.AttributeType.Strings;
                proto.Strings.AddRange(((string[])attribute.Value).Select(ByteString.CopyFromUtf8));
                break;
        }

        return proto;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, IEnumerable<OnnxDimension> dimensions)
    {
        var shape = new TensorShapeProto();
        foreach (OnnxDimension dimension in dimensions)
        {
            shape.Dim.Add(dimension.Symbol is null
                ? new TensorShapeProto.Types.Dimension { DimValue = dimension.Size }
                : new TensorShapeProto.Types.Dimension { DimParam = dimension.Symbol });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
