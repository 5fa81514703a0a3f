using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>
/// The state of a pipeline's export to ONNX: the graph, and for each column of the data at the current step the ONNX
/// value holding it. Every column is a tensor of [batch × values per row]: a scalar has one value per row. An input
/// column of Single vectors of varying size is fed padded, [batch × longest row], with a companion int32 [batch] input
/// "column.length" giving each row's number of values.
/// </summary>
internal sealed class OnnxPipelineContext
{
    private readonly Dictionary<string, (string Value, DataViewType Type)> _columns = new(StringComparer.Ordinal);
    private readonly List<(string Value, TensorProto.Types.DataType Element, OnnxDimension[] Shape)> _inputs = [];
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rowLengths = new(StringComparer.Ordinal);

    /// <summary>The suffix of the input holding a varying-size column's row lengths.</summary>
    public const string LengthSuffix = ".length";

    public OnnxPipelineContext(OnnxGraph graph) => Graph = graph;

    public OnnxGraph Graph { get; }

    /// <summary>The schema of the data entering the step being exported, for what the tensors do not carry (annotations).</summary>
    public DataViewSchema? Schema { get; set; }

    /// <summary>The columns that have an ONNX value, in the order they were set.</summary>
    public IEnumerable<(string Column, string Value, DataViewType Type)> Columns => _columns.Select(c => (c.Key, c.Value.Value, c.Value.Type));

    /// <summary>Makes <paramref name="column"/> a candidate graph input; it is declared by <see cref="DeclareUsedInputs"/>
    /// only if the graph reads it or passes it to an output, since ONNX Runtime wants every declared input fed.</summary>
    public void AddInput(string column, DataViewType type)
    {
        string value = Graph.UniqueName(column);
        _inputs.Add((value, ElementType(type)!.Value, Shape(type)));
        Set(column, value, type);
        if (type is VectorDataViewType { IsKnownSize: false })
        {
            string lengths = Graph.UniqueName(column + LengthSuffix);
            _inputs.Add((lengths, TensorProto.Types.DataType.Int32, ["batch"]));
            _rowLengths[value] = lengths;
        }
    }

    /// <summary>The int32 [batch] lengths in steps of <paramref name="column"/>'s rows, a varying-size input column of
    /// sequences with <paramref name="featuresPerStep"/> values per step: its companion length input divided by
    /// <paramref name="featuresPerStep"/>.</summary>
    /// <exception cref="NotSupportedException">The column is not a varying-size column read straight from the input.</exception>
    public string StepLengths(string column, int featuresPerStep)
    {
        string value = Value(column);
        if (!_rowLengths.TryGetValue(value, out string? lengths))
        {
            throw new NotSupportedException($"Column '{column}' holds vectors of varying size made inside the pipeline; only such a column read straight from the input data can be exported, with its '{column}{LengthSuffix}' input.");
        }

        _used.Add(lengths);
        return featuresPerStep == 1 ? lengths
            : Graph.Add("Div", [lengths, Graph.AddInt32Scalar("features_per_step", featuresPerStep)], "step_lengths");
    }

    /// <summary>The ONNX value holding <paramref name="column"/>.</summary>
    /// <exception cref="NotSupportedException">The column has no ONNX form (its type cannot be a tensor).</exception>
    public string Value(string column)
    {
        if (!_columns.TryGetValue(column, out var entry))
        {
            throw new NotSupportedException($"Column '{column}' has no ONNX form: only numeric, Boolean, text and key columns of known size become tensors.");
        }

        _used.Add(entry.Value);
        return entry.Value;
    }

    /// <summary>Declares the candidate inputs that were read or that remain as columns, in the data's order.</summary>
    public void DeclareUsedInputs()
    {
        foreach (var (_, value, _) in Columns)
        {
            _used.Add(value);
        }

        foreach (var (value, element, shape) in _inputs.Where(i => _used.Contains(i.Value)))
        {
            Graph.DeclareInput(value, element, shape);
        }
    }

    /// <summary>The column's type.</summary>
    public DataViewType Type(string column) => _columns[column].Type;

    /// <summary>Makes <paramref name="value"/> the ONNX form of <paramref name="column"/>, replacing any earlier one.</summary>
    public void Set(string column, string value, DataViewType type) => _columns[column] = (value, type);

    /// <summary>Forgets the columns not in <paramref name="schema"/>'s visible columns (dropped, or hidden by a newer
    /// column of the same name whose ONNX form is set separately).</summary>
    public void KeepOnly(DataViewSchema schema)
    {
        foreach (string name in _columns.Keys.Where(n => schema.GetColumnOrNull(n) is null).ToArray())
        {
            _columns.Remove(name);
        }
    }

    /// <summary>The ONNX element type of a column's items, or null when the column cannot be a tensor (a vector of
    /// varying size of anything but Single, or an unsupported item type). Keys are their 1-based indices as uint32.</summary>
    public static TensorProto.Types.DataType? ElementType(DataViewType type)
    {
        if (type is VectorDataViewType { IsKnownSize: false } vector && !vector.ItemType.Equals(NumberDataViewType.Single))
        {
            return null;
        }

        PrimitiveDataViewType item = ColumnBuffers.ItemType(type);
        return item switch
        {
            KeyDataViewType => TensorProto.Types.DataType.Uint32,
            BooleanDataViewType => TensorProto.Types.DataType.Bool,
            TextDataViewType => TensorProto.Types.DataType.String,
            _ when item.RawType == typeof(float) => TensorProto.Types.DataType.Float,
            _ when item.RawType == typeof(double) => TensorProto.Types.DataType.Double,
            _ when item.RawType == typeof(int) => TensorProto.Types.DataType.Int32,
            _ when item.RawType == typeof(long) => TensorProto.Types.DataType.Int64,
            _ when item.RawType == typeof(uint) => TensorProto.Types.DataType.Uint32,
            _ => null,
        };
    }

    /// <summary>The graph shape of a column: [batch × values per row], the second axis open for a vector of varying
    /// size, and [batch] for a row-length input.</summary>
    public static OnnxDimension[] Shape(DataViewType type) => type switch
    {
        VectorDataViewType { IsKnownSize: false } => ["batch", "padded_values"],
        _ => ["batch", ColumnBuffers.Width(type)],
    };
}
