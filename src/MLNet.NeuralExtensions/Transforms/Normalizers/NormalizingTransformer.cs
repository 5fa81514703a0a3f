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
        return c.IsDouble ? c.Function.GetParameters<double>(c.IsVector) : c.Function.GetParameters<float>(c.IsVector);
    }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, [.. _columns.Select(c =>
        {
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, c.Column.InputColumnName, c.Accepts, c.Describe());
            var annotations = new DataViewSchema.Annotations.Builder();
            annotations.Add(input.Annotations, name => name == AnnotationUtils.Kinds.SlotNames);
            annotations.AddPrimitiveValue(AnnotationUtils.Kinds.IsNormalized, BooleanDataViewType.Instance, true);
            var output = new DataViewSchema.DetachedColumn(c.Column.OutputColumnName, input.Type, annotations.ToAnnotations());
            return new ColumnMapper.OutputColumn(output, [input.Index], c.IsDouble ? Fill<double>(c.Function, input.Index) : Fill<float>(c.Function, input.Index));
        })]);

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        foreach (NormalizedColumn c in _columns)
        {
            DataViewType type = context.Type(c.Column.InputColumnName);
            if (!c.Accepts(type))
            {
                throw SchemaErrors.Mismatch(c.Column.InputColumnName, c.Describe(), type);
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
            ctx.Writer.Write(c.IsDouble);
            ctx.Writer.Write(c.IsVector);
            c.Function.Write(ctx.Writer);
        }
    }

    internal static NormalizingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        return new NormalizingTransformer([.. pairs.Select(pair =>
        {
            bool isDouble = ctx.Reader.ReadBoolean();
            bool isVector = ctx.Reader.ReadBoolean();
            NormalizerFunction function = NormalizerFunction.Read(ctx);
            if (!isVector && function.Width != 1)
            {
                throw ctx.Error($"the normalizer of scalar column '{pair.InputColumnName}' has {function.Width} slots.");
            }

            return new NormalizedColumn(pair, isDouble, isVector, function);
        })]);
    }

    private static Action<DataViewBatch, ColumnBuffer> Fill<T>(NormalizerFunction function, int input)
        where T : System.Numerics.INumberBase<T> => (batch, destination) =>
    {
        var source = (ColumnBuffer<T>)batch[input]!;
        function.Apply(source.Values, ((ColumnBuffer<T>)destination).ResetFixed(batch.RowCount, function.Width));
    };

    /// <summary>One normalized column: its names, the item type and shape it was fitted on, and its function.</summary>
    internal sealed record NormalizedColumn(InputOutputColumnPair Column, bool IsDouble, bool IsVector, NormalizerFunction Function)
    {
        public bool Accepts(DataViewType type) =>
            ColumnBuffers.ItemType(type).RawType == (IsDouble ? typeof(double) : typeof(float)) &&
            (IsVector ? type is VectorDataViewType v && v.Size == Function.Width : type is not VectorDataViewType);

        public string Describe()
        {
            string item = IsDouble ? "Double" : "Single";
            return IsVector ? $"Vector<{item}, {Function.Width}> (the type the normalizer was fitted on)" : $"{item} (the type the normalizer was fitted on)";
        }
    }
}
