using MLNet.NeuralExtensions.Engine.Onnx;
using System.Numerics;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;
using NormFunction = MLNet.NeuralExtensions.Transforms.LpNormNormalizingEstimatorBase.NormFunction;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Divides each row of Single or Double vector columns by its norm (after subtracting the row's mean when
/// ensureZeroMean), as scikit-learn's Normalizer does; a row whose norm is 0 is left unscaled. NaN items are left out
/// of the row's mean and norm and stay NaN. Created by <c>mlContext.Transforms.NormalizeLpNorm</c>.
/// </summary>
public sealed class LpNormNormalizingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "LpNormNormalize";
    private const string Expected = "a vector of Single or Double";
    private readonly InputOutputColumnPair[] _columns;
    private readonly NormFunction _norm;
    private readonly bool _ensureZeroMean;

    internal LpNormNormalizingTransformer(InputOutputColumnPair[] columns, NormFunction norm, bool ensureZeroMean)
    {
        if (!Enum.IsDefined(norm))
        {
            throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown norm function.");
        }

        _columns = columns;
        _norm = norm;
        _ensureZeroMean = ensureZeroMean;
    }

    /// <summary>Gets the norm rows are divided by.</summary>
    public NormFunction Norm => _norm;

    /// <summary>Gets whether each row's mean is subtracted first.</summary>
    public bool EnsureZeroMean => _ensureZeroMean;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, [.. _columns.Select(pair =>
        {
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, pair.InputColumnName, IsSupported, Expected);
            var output = new DataViewSchema.DetachedColumn(pair.OutputColumnName, input.Type, input.Annotations);
            return new ColumnMapper.OutputColumn(output, [input.Index],
                ColumnBuffers.ItemType(input.Type).RawType == typeof(double) ? Fill<double>(input.Index) : Fill<float>(input.Index));
        })]);

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        foreach (InputOutputColumnPair pair in _columns)
        {
            DataViewType type = context.Type(pair.InputColumnName);
            if (!IsSupported(type))
            {
                throw SchemaErrors.Mismatch(pair.InputColumnName, Expected, type);
            }

            string output = ExportRows(context.Graph, context.Value(pair.InputColumnName), OnnxPipelineContext.ElementType(type)!.Value);
            context.Set(pair.OutputColumnName, output, type);
        }
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, _columns);
        ctx.Writer.Write((byte)_norm);
        ctx.Writer.Write(_ensureZeroMean);
    }

    internal static LpNormNormalizingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        var norm = (NormFunction)ctx.Reader.ReadByte();
        bool zeroMean = ctx.Reader.ReadBoolean();
        return Enum.IsDefined(norm) ? new LpNormNormalizingTransformer(pairs, norm, zeroMean) : throw ctx.Error($"unknown norm function {(byte)norm}.");
    }

    private static bool IsSupported(DataViewType type) => type is VectorDataViewType && SchemaErrors.IsNumericScalarOrVector(type);

    private Action<DataViewBatch, ColumnBuffer> Fill<T>(int input)
        where T : INumberBase<T> => (batch, destination) =>
    {
        var source = (ColumnBuffer<T>)batch[input]!;
        var output = (ColumnBuffer<T>)destination;
        int width = source.Width;
        if (width > 0)
        {
            Span<T> y = output.ResetFixed(batch.RowCount, width);
            for (int row = 0; row < batch.RowCount; row++)
            {
                NormalizeRow(source.GetRow(row), y.Slice(row * width, width));
            }

            return;
        }

        output.ResetVariable(batch.RowCount);
        for (int row = 0; row < batch.RowCount; row++)
        {
            ReadOnlySpan<T> x = source.GetRow(row);
            NormalizeRow(x, output.AppendRow(x.Length));
        }
    };

    private void NormalizeRow<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : INumberBase<T>
    {
        double sum = 0;
        int count = 0;
        foreach (T item in x)
        {
            double v = double.CreateTruncating(item);
            if (!double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        double mean = _ensureZeroMean && count > 0 ? sum / count : 0;
        double norm = 0;
        foreach (T item in x)
        {
            double v = double.CreateTruncating(item) - mean;
            if (!double.IsNaN(v))
            {
                norm = _norm switch
                {
                    NormFunction.L1 => norm + Math.Abs(v),
                    NormFunction.Infinity => Math.Max(norm, Math.Abs(v)),
                    _ => norm + (v * v),
                };
            }
        }

        norm = _norm switch
        {
            NormFunction.L2 => Math.Sqrt(norm),
            NormFunction.StandardDeviation => count > 0 ? Math.Sqrt(norm / count) : 0,
            _ => norm,
        };
        double scale = norm > 0 ? 1 / norm : 1;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.CreateTruncating((double.CreateTruncating(x[i]) - mean) * scale);
        }
    }

    // Missing items become 0 for the reductions (and are left out of the count), then the row is centered and divided.
    private string ExportRows(OnnxGraph graph, string x, TensorProto.Types.DataType type)
    {
        OnnxAttribute keep = OnnxAttribute.Int("keepdims", 1);
        OnnxAttribute rowAxis = OnnxAttribute.Ints("axes", 1);
        string zero = graph.AddInitializer("lpnorm_zero", type, [0.0]);
        string one = graph.AddInitializer("lpnorm_one", type, [1.0]);
        string missing = graph.Add("IsNaN", [x], "lpnorm_missing");
        string count = graph.Add("ReduceSum", [graph.Add("Cast", [graph.Add("Not", [missing], "lpnorm_present")], "lpnorm_present_count", OnnxAttribute.Int("to", (long)type)), graph.AddInt64s("lpnorm_axes", 1)], "lpnorm_count", keep);
        string divisor = graph.Add("Max", [count, one], "lpnorm_divisor");
        string centered = x;
        if (_ensureZeroMean)
        {
            string sum = graph.Add("ReduceSum", [graph.Add("Where", [missing, zero, x], "lpnorm_filled"), graph.AddInt64s("lpnorm_axes", 1)], "lpnorm_sum", keep);
            centered = graph.Add("Sub", [x, graph.Add("Div", [sum, divisor], "lpnorm_mean")], "lpnorm_centered");
        }

        string filled = graph.Add("Where", [missing, zero, centered], "lpnorm_centered_filled");
        string norm = _norm switch
        {
            NormFunction.L1 => graph.Add("ReduceL1", [filled], "lpnorm_l1", keep, rowAxis),
            NormFunction.Infinity => graph.Add("ReduceMax", [graph.Add("Abs", [filled], "lpnorm_abs")], "lpnorm_max", keep, rowAxis),
            NormFunction.StandardDeviation => graph.Add("Sqrt", [graph.Add("Div", [graph.Add("ReduceSumSquare", [filled], "lpnorm_squares", keep, rowAxis), divisor], "lpnorm_variance")], "lpnorm_std"),
            _ => graph.Add("ReduceL2", [filled], "lpnorm_l2", keep, rowAxis),
        };
        string safe = graph.Add("Where", [graph.Add("Equal", [norm, zero], "lpnorm_zero_norm"), one, norm], "lpnorm_safe");
        return graph.Add("Div", [centered, safe], "lpnorm_normalized");
    }
}
