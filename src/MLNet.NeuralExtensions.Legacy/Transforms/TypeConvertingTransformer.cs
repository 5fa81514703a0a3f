using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Converts the items of columns to another kind, keeping scalars scalar and vectors vectors; created by
/// <c>mlContext.Transforms.Conversion.ConvertType</c>. Keys convert to their raw index; text parses with the
/// invariant culture (empty text becomes NaN for Single and Double); a value that cannot be converted
/// throws <see cref="FormatException"/> naming the column and row.
/// </summary>
public sealed class TypeConvertingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "ConvertTransform";
    private readonly InputOutputColumnPair[] _columns;
    private readonly DataKind _outputKind;

    internal TypeConvertingTransformer(InputOutputColumnPair[] columns, DataKind outputKind)
    {
        outputKind.ToDataViewType();
        _columns = columns;
        _outputKind = outputKind;
    }

    /// <summary>Gets the kind every output column has.</summary>
    public DataKind OutputKind => _outputKind;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        PrimitiveDataViewType target = _outputKind.ToDataViewType();
        return new ColumnMapper(inputSchema, _columns.Select(pair =>
        {
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, pair.InputColumnName);
            Type from = ColumnBuffers.ItemType(input.Type).RawType;
            DataViewType type = input.Type is VectorDataViewType v ? new VectorDataViewType(target, v.Dimensions) : target;
            Delegate convert;
            try
            {
                convert = ValueConversions.Get(from, target.RawType);
            }
            catch (NotSupportedException e)
            {
                throw SchemaErrors.Mismatch(input.Name, $"a type convertible to {target} ({e.Message})", input.Type);
            }

            return new ColumnMapper.OutputColumn(new DataViewSchema.DetachedColumn(pair.OutputColumnName, type), [input.Index], ItemMapping.Create(convert, input));
        }).ToArray());
    }

    // ONNX's Cast truncates toward zero as the managed conversion does; values outside the target's range, which the
    // managed conversion rejects, are undefined in ONNX. Text is not parsed in the graph.
    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        PrimitiveDataViewType target = _outputKind.ToDataViewType();
        foreach (InputOutputColumnPair pair in _columns)
        {
            DataViewType type = context.Type(pair.InputColumnName);
            if (ColumnBuffers.ItemType(type) is TextDataViewType or KeyDataViewType || target is TextDataViewType or KeyDataViewType)
            {
                throw new NotSupportedException($"ConvertType of column '{pair.InputColumnName}' from {SchemaShapeBridge.Describe(type)} to {target} cannot be exported to ONNX: only numeric and Boolean conversions can.");
            }

            DataViewType converted = type is VectorDataViewType v ? new VectorDataViewType(target, v.Dimensions) : target;
            string cast = context.Graph.Add("Cast", [context.Value(pair.InputColumnName)], pair.OutputColumnName,
                OnnxAttribute.Int("to", (long)OnnxPipelineContext.ElementType(converted)!.Value));
            context.Set(pair.OutputColumnName, cast, converted);
        }
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, _columns);
        ctx.Writer.Write((byte)_outputKind);
    }

    internal static TypeConvertingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        var kind = (DataKind)ctx.Reader.ReadByte();
        return Enum.IsDefined(kind) ? new TypeConvertingTransformer(pairs, kind) : throw ctx.Error($"unknown data kind {(byte)kind}.");
    }
}

/// <summary>Creates a <see cref="TypeConvertingTransformer"/>.</summary>
public sealed class TypeConvertingEstimator : TrivialEstimator<TypeConvertingTransformer>
{
    internal TypeConvertingEstimator(InputOutputColumnPair[] columns, DataKind outputKind)
        : base(new TypeConvertingTransformer(columns, outputKind))
    {
    }
}
