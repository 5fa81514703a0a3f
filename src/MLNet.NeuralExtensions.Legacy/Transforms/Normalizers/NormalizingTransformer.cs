using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Normalizes Single or Double columns (scalars or known-size vectors, slot by slot) with parameters fitted on training
/// data; NaN stays NaN. Output columns keep the input's type and slot names and are marked IsNormalized. Created by the
/// <c>mlContext.Transforms.Normalize*</c> methods; <see cref="GetNormalizerModelParameters"/> shows what was fitted.
/// </summary>
public sealed partial class NormalizingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "NormalizeTransform";
    private readonly NormalizedColumn[] _columns;

    internal NormalizingTransformer(NormalizedColumn[] columns) => _columns = columns;

    /// <summary>Gets the fitted parameters of the column at <paramref name="index"/>, in the order the columns were given.</summary>
    /// <param name="index">The column's position.</param>
    /// <returns>An <see cref="AffineNormalizerModelParameters{TData}"/>, <see cref="CdfNormalizerModelParameters{TData}"/> or
    /// <see cref="BinNormalizerModelParameters{TData}"/>.</returns>
    public NormalizerModelParametersBase GetNormalizerModelParameters(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _columns.Length);
        NormalizedColumn c = _columns[index];
        return c.Type.IsDouble ? c.Function.GetParameters<double>(c.Type.IsVector) : c.Function.GetParameters<float>(c.Type.IsVector);
    }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, [.. _columns.Select(c =>
        {
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, c.Column.InputColumnName, c.Type.Accepts, c.Type.Describe());
            var annotations = new DataViewSchema.Annotations.Builder();
            annotations.Add(input.Annotations, name => name == AnnotationUtils.Kinds.SlotNames);
            annotations.AddPrimitiveValue(AnnotationUtils.Kinds.IsNormalized, BooleanDataViewType.Instance, true);
            var output = new DataViewSchema.DetachedColumn(c.Column.OutputColumnName, input.Type, annotations.ToAnnotations());
            return new ColumnMapper.OutputColumn(output, [input.Index], c.Type.IsDouble ? Fill<double>(c.Function, input.Index) : Fill<float>(c.Function, input.Index));
        })]);

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        foreach (NormalizedColumn c in _columns)
        {
            DataViewType type = context.Type(c.Column.InputColumnName);
            if (!c.Type.Accepts(type))
            {
                throw SchemaErrors.Mismatch(c.Column.InputColumnName, c.Type.Describe(), type);
            }

            string output = c.Function.ExportOnnx(context.Graph, context.Value(c.Column.InputColumnName), OnnxPipelineContext.ElementType(type)!.Value);
            context.Set(c.Column.OutputColumnName, output, type);
        }
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, [.. _columns.Select(c => c.Column)]);
        foreach (NormalizedColumn c in _columns)
        {
            c.Type.Write(ctx.Writer);
            c.Function.Write(ctx.Writer);
        }
    }

    internal static NormalizingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        return new NormalizingTransformer([.. pairs.Select(pair =>
        {
            NumericColumnType type = NumericColumnType.Read(ctx);
            NormalizerFunction function = NormalizerFunction.Read(ctx);
            return function.Width == type.Width ? new NormalizedColumn(pair, type, function)
                : throw ctx.Error($"the normalizer of column '{pair.InputColumnName}' has {function.Width} slots where the column has {type.Width}.");
        })]);
    }

    private static Action<DataViewBatch, ColumnBuffer> Fill<T>(NormalizerFunction function, int input)
        where T : System.Numerics.INumberBase<T> => (batch, destination) =>
    {
        var source = (ColumnBuffer<T>)batch[input]!;
        function.Apply(source.Values, ((ColumnBuffer<T>)destination).ResetFixed(batch.RowCount, function.Width));
    };

    /// <summary>One normalized column: its names, the type it was fitted on, and its function.</summary>
    internal sealed record NormalizedColumn(InputOutputColumnPair Column, NumericColumnType Type, NormalizerFunction Function);
}
