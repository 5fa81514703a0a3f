using MLNet.NeuralExtensions.Engine.Onnx;
using System.Numerics;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Replays a fitted round-robin regression imputation on new data: NaN slots start at the training means, then every
/// regression fitted during training, in order, re-predicts its slot in the rows where that slot is missing. Present
/// values never change. Created by <c>mlContext.Transforms.ReplaceMissingValuesIteratively</c>; exports to ONNX.
/// </summary>
public sealed class IterativeImputingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "IterativeImputeTransform";
    private readonly InputOutputColumnPair _column;
    private readonly DataViewType _type;
    private readonly double[] _initial;
    private readonly Step[] _steps;

    internal IterativeImputingTransformer(InputOutputColumnPair column, DataViewType type, double[] initial, Step[] steps, int iterations)
    {
        _column = column;
        _type = type;
        _initial = initial;
        _steps = steps;
        Iterations = iterations;
    }

    /// <summary>Gets the number of rounds run at fit time (0 when the training data had nothing missing).</summary>
    public int Iterations { get; }

    /// <summary>Gets the training mean of each slot, the starting value of a missing slot.</summary>
    public IReadOnlyList<double> InitialValues => _initial.AsReadOnly();

    private int Width => _initial.Length;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        DataViewSchema.Column input = SchemaErrors.Require(inputSchema, _column.InputColumnName, t => t.Equals(_type), $"{SchemaShapeBridge.Describe(_type)} of size {Width} (the type it was fitted on)");
        var output = new DataViewSchema.DetachedColumn(_column.OutputColumnName, input.Type, input.Annotations);
        return new(inputSchema, [new ColumnMapper.OutputColumn(output, [input.Index], ColumnBuffers.ItemType(_type).RawType == typeof(double) ? Fill<double>(input.Index) : Fill<float>(input.Index))]);
    }

    // Each step is Where(missing ∧ slot, intercept + x·w, x): the regression's prediction replaces only its slot's holes.
    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        DataViewType type = context.Type(_column.InputColumnName);
        if (!type.Equals(_type))
        {
            throw SchemaErrors.Mismatch(_column.InputColumnName, SchemaShapeBridge.Describe(_type), type);
        }

        OnnxGraph graph = context.Graph;
        TensorProto.Types.DataType element = OnnxPipelineContext.ElementType(type)!.Value;
        string x = context.Value(_column.InputColumnName);
        string missing = graph.Add("IsNaN", [x], "impute_missing");
        string current = graph.Add("Where", [missing, graph.AddInitializer("impute_initial", element, _initial, Width), x], "impute_initial_fill");
        foreach (Step step in _steps)
        {
            string prediction = graph.Add("Add", [graph.Add("MatMul", [current, graph.AddInitializer("impute_weights", element, step.Weights, Width, 1)], "impute_product"),
                graph.AddInitializer("impute_intercept", element, [step.Intercept], 1)], "impute_prediction");
            double[] slot = new double[Width];
            slot[step.Target] = 1;
            string isSlot = graph.Add("Cast", [graph.AddInitializer("impute_slot", element, slot, Width)], "impute_is_slot", OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Bool));
            current = graph.Add("Where", [graph.Add("And", [missing, isSlot], "impute_holes"), prediction, current], "impute_step");
        }

        context.Set(_column.OutputColumnName, current, type);
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, [_column]);
        ctx.Writer.Write(ColumnBuffers.ItemType(_type).RawType == typeof(double));
        ctx.Writer.Write(Width);
        ctx.Writer.Write(Iterations);
        foreach (double v in _initial)
        {
            ctx.Writer.Write(v);
        }

        ctx.Writer.Write(_steps.Length);
        foreach (Step step in _steps)
        {
            ctx.Writer.Write(step.Target);
            ctx.Writer.Write(step.Intercept);
            foreach (double w in step.Weights)
            {
                ctx.Writer.Write(w);
            }
        }
    }

    internal static IterativeImputingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        bool isDouble = ctx.Reader.ReadBoolean();
        int width = ctx.Reader.ReadInt32();
        ctx.CheckCount(width, "slots");
        int iterations = ctx.Reader.ReadInt32();
        if (pairs.Length != 1 || width < 1)
        {
            throw ctx.Error($"it holds {pairs.Length} columns of width {width}; one column of width at least 1 was expected.");
        }

        double[] initial = ReadDoubles(ctx, width);
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "regression steps");
        Step[] steps = [.. Enumerable.Range(0, count).Select(_ =>
        {
            int target = ctx.Reader.ReadInt32();
            double intercept = ctx.Reader.ReadDouble();
            return (uint)target < (uint)width ? new Step(target, ReadDoubles(ctx, width), intercept) : throw ctx.Error($"a regression step targets slot {target} of {width}.");
        })];
        var type = new VectorDataViewType(isDouble ? NumberDataViewType.Double : NumberDataViewType.Single, width);
        return new IterativeImputingTransformer(pairs[0], type, initial, steps, iterations);
    }

    private static double[] ReadDoubles(ModelLoadContext ctx, int count) => [.. Enumerable.Range(0, count).Select(_ => ctx.Reader.ReadDouble())];

    private Action<DataViewBatch, ColumnBuffer> Fill<T>(int input)
        where T : INumberBase<T> => (batch, destination) =>
    {
        ReadOnlySpan<T> values = ((ColumnBuffer<T>)batch[input]!).Values;
        double[] filled = new double[values.Length];
        bool[] missing = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateTruncating(values[i]);
            missing[i] = double.IsNaN(v);
            filled[i] = missing[i] ? _initial[i % Width] : v;
        }

        foreach (Step step in _steps)
        {
            step.Apply(filled, missing, Width);
        }

        Span<T> output = ((ColumnBuffer<T>)destination).ResetFixed(batch.RowCount, Width);
        for (int i = 0; i < filled.Length; i++)
        {
            output[i] = T.CreateTruncating(filled[i]);
        }
    };

    /// <summary>One fitted regression: slot <paramref name="Target"/> ≈ <paramref name="Intercept"/> + Σ <paramref name="Weights"/>·x
    /// (the target's own weight is 0).</summary>
    internal sealed record Step(int Target, double[] Weights, double Intercept)
    {
        /// <summary>Re-predicts the target slot in the rows of <paramref name="filled"/> where it is missing.</summary>
        public void Apply(double[] filled, bool[] missing, int width)
        {
            for (int row = 0; row < filled.Length; row += width)
            {
                if (missing[row + Target])
                {
                    double y = Intercept;
                    for (int j = 0; j < width; j++)
                    {
                        y += Weights[j] * filled[row + j];
                    }

                    filled[row + Target] = y;
                }
            }
        }
    }
}
