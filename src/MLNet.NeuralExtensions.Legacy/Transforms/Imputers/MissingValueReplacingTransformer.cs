using System.Numerics;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Replaces NaN in Single or Double columns (scalars or vectors) by values learned at fit time; other values pass
/// unchanged and the column keeps its type and annotations. Created by <c>mlContext.Transforms.ReplaceMissingValues</c>.
/// </summary>
public sealed class MissingValueReplacingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "NAReplaceTransform";
    private readonly ReplacedColumn[] _columns;

    internal MissingValueReplacingTransformer(ReplacedColumn[] columns) => _columns = columns;

    /// <summary>Gets the values that replace NaN in the column at <paramref name="index"/>, in the order the columns were
    /// given: one per slot, or a single one used for every slot.</summary>
    /// <param name="index">The column's position.</param>
    /// <returns>The replacement values.</returns>
    public IReadOnlyList<double> GetReplacementValues(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _columns.Length);
        return _columns[index].Values.AsReadOnly();
    }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, [.. _columns.Select(c =>
        {
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, c.Column.InputColumnName, c.Type.Accepts, c.Type.Describe());
            var output = new DataViewSchema.DetachedColumn(c.Column.OutputColumnName, input.Type, input.Annotations);
            return new ColumnMapper.OutputColumn(output, [input.Index], c.Type.IsDouble ? Fill<double>(c.Values, input.Index) : Fill<float>(c.Values, input.Index));
        })]);

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        foreach (ReplacedColumn c in _columns)
        {
            DataViewType type = context.Type(c.Column.InputColumnName);
            if (!c.Type.Accepts(type))
            {
                throw SchemaErrors.Mismatch(c.Column.InputColumnName, c.Type.Describe(), type);
            }

            string x = context.Value(c.Column.InputColumnName);
            string values = context.Graph.AddInitializer("replacement", OnnxPipelineContext.ElementType(type)!.Value, c.Values, c.Values.Length);
            string replaced = context.Graph.Add("Where", [context.Graph.Add("IsNaN", [x], "is_missing"), values, x], c.Column.OutputColumnName);
            context.Set(c.Column.OutputColumnName, replaced, type);
        }
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, [.. _columns.Select(c => c.Column)]);
        foreach (ReplacedColumn c in _columns)
        {
            c.Type.Write(ctx.Writer);
            ctx.Writer.Write(c.Values.Length);
            foreach (double v in c.Values)
            {
                ctx.Writer.Write(v);
            }
        }
    }

    internal static MissingValueReplacingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        return new MissingValueReplacingTransformer([.. pairs.Select(pair =>
        {
            NumericColumnType type = NumericColumnType.Read(ctx);
            int count = ctx.Reader.ReadInt32();
            ctx.CheckCount(count, "replacement values");
            if (count != Math.Max(type.Width, 1))
            {
                throw ctx.Error($"column '{pair.InputColumnName}' has {count} replacement values for {type.Describe()}.");
            }

            return new ReplacedColumn(pair, type, [.. Enumerable.Range(0, count).Select(_ => ctx.Reader.ReadDouble())]);
        })]);
    }

    private static Action<DataViewBatch, ColumnBuffer> Fill<T>(double[] values, int input)
        where T : INumberBase<T>
    {
        T[] replacements = [.. values.Select(T.CreateTruncating)];
        return (batch, destination) =>
        {
            var source = (ColumnBuffer<T>)batch[input]!;
            var output = (ColumnBuffer<T>)destination;
            if (source.Width > 0)
            {
                Replace(source.Values, output.ResetFixed(batch.RowCount, source.Width), replacements);
                return;
            }

            output.ResetVariable(batch.RowCount);
            for (int row = 0; row < batch.RowCount; row++)
            {
                ReadOnlySpan<T> x = source.GetRow(row);
                Replace(x, output.AppendRow(x.Length), replacements);
            }
        };
    }

    private static void Replace<T>(ReadOnlySpan<T> x, Span<T> y, T[] replacements)
        where T : INumberBase<T>
    {
        int width = replacements.Length;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.IsNaN(x[i]) ? replacements[width == 1 ? 0 : i % width] : x[i];
        }
    }

    /// <summary>One replaced column: its names, the type it was fitted on (of any vector size when one value serves
    /// every slot), and its replacement values (one per slot, or one for all).</summary>
    internal sealed record ReplacedColumn(InputOutputColumnPair Column, NumericColumnType Type, double[] Values);
}
