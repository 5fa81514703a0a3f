using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Marks missing values: a Boolean column (a Boolean vector for a vector column) that is true where the input is NaN.
/// Created by <c>mlContext.Transforms.IndicateMissingValues</c>; often concatenated beside the imputed features so a
/// network can tell an imputed value from a measured one.
/// </summary>
public sealed class MissingValueIndicatorTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "NaIndicatorTransform";
    private const string Expected = "Single or Double, or a vector of them";
    private readonly InputOutputColumnPair[] _columns;

    internal MissingValueIndicatorTransformer(InputOutputColumnPair[] columns) => _columns = columns;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, [.. _columns.Select(pair =>
        {
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, pair.InputColumnName, SchemaErrors.IsNumericScalarOrVector, Expected);
            Delegate isMissing = ColumnBuffers.ItemType(input.Type).RawType == typeof(double) ? (Func<double, bool>)double.IsNaN : (Func<float, bool>)float.IsNaN;
            var output = new DataViewSchema.DetachedColumn(pair.OutputColumnName, IndicatorType(input.Type));
            return new ColumnMapper.OutputColumn(output, [input.Index], ItemMapping.Create(isMissing, input));
        })]);

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        foreach (InputOutputColumnPair pair in _columns)
        {
            DataViewType type = context.Type(pair.InputColumnName);
            if (!SchemaErrors.IsNumericScalarOrVector(type))
            {
                throw SchemaErrors.Mismatch(pair.InputColumnName, Expected, type);
            }

            context.Set(pair.OutputColumnName, context.Graph.Add("IsNaN", [context.Value(pair.InputColumnName)], pair.OutputColumnName), IndicatorType(type));
        }
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, _columns);
    }

    internal static MissingValueIndicatorTransformer Load(ModelLoadContext ctx) => new(PairCodec.Read(ctx));

    private static DataViewType IndicatorType(DataViewType input) =>
        input is VectorDataViewType v ? new VectorDataViewType(BooleanDataViewType.Instance, v.Dimensions) : BooleanDataViewType.Instance;
}

/// <summary>Creates a <see cref="MissingValueIndicatorTransformer"/>; nothing is learned.</summary>
public sealed class MissingValueIndicatorEstimator : TrivialEstimator<MissingValueIndicatorTransformer>
{
    internal MissingValueIndicatorEstimator(InputOutputColumnPair[] columns)
        : base(new MissingValueIndicatorTransformer(columns))
    {
    }
}
