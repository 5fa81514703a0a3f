using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Copies columns under new names; created by <c>mlContext.Transforms.CopyColumns</c>.</summary>
public sealed class ColumnCopyingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "CopyTransform";
    private readonly InputOutputColumnPair[] _columns;

    internal ColumnCopyingTransformer(params InputOutputColumnPair[] columns) => _columns = columns;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, _columns.Select(pair =>
        {
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, pair.InputColumnName);
            return new ColumnMapper.OutputColumn(
                new DataViewSchema.DetachedColumn(pair.OutputColumnName, input.Type, input.Annotations),
                [input.Index],
                (batch, destination) => destination.WindowOn(batch[input.Index]!, 0, batch.RowCount));
        }).ToArray());

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, _columns);
    }

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        foreach (InputOutputColumnPair pair in _columns)
        {
            context.Set(pair.OutputColumnName, context.Graph.Add("Identity", [context.Value(pair.InputColumnName)], pair.OutputColumnName), context.Type(pair.InputColumnName));
        }
    }

    internal static ColumnCopyingTransformer Load(ModelLoadContext ctx) => new(PairCodec.Read(ctx));
}

/// <summary>Creates a <see cref="ColumnCopyingTransformer"/>.</summary>
public sealed class ColumnCopyingEstimator : TrivialEstimator<ColumnCopyingTransformer>
{
    internal ColumnCopyingEstimator(params InputOutputColumnPair[] columns)
        : base(new ColumnCopyingTransformer(columns))
    {
    }
}
