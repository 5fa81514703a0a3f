using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Transforms;

[assembly: LoadableClass(IterativeImputingTransformer.Summary, typeof(IterativeImputingTransformer), null, typeof(SignatureLoadModel),
    IterativeImputingTransformer.FriendlyName, IterativeImputingTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(IterativeImputingTransformer), null, typeof(SignatureLoadRowMapper),
    IterativeImputingTransformer.FriendlyName, IterativeImputingTransformer.LoaderSignature)]

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Replays a fitted round-robin regression imputation on new rows: the missing slots start at the training initial
/// values, then every regression fitted by <see cref="IterativeImputingEstimator"/>, in order, re-predicts its slot where
/// that slot is missing. Present values never change. Each row is imputed on its own (scikit-learn's transform returns
/// the initial values when every value of the whole batch is missing; here such rows get the regressions too). Exported
/// to ONNX as that fixed sequence of predictions.
/// </summary>
public sealed class IterativeImputingTransformer : ImputingTransformerBase
{
    internal const string Summary = "Replaces missing values by round-robin ridge regression of each slot on the others.";
    internal const string FriendlyName = "Iterative Imputing Transformer";
    internal const string LoaderSignature = "IterativeImputeTransform";
    private readonly double[] _initial;
    private readonly RegressionStep[] _steps;

    internal IterativeImputingTransformer(IHost host, (string outputColumnName, string inputColumnName) column, DataViewType type, double[] initial,
        RegressionStep[] steps, int iterations)
        : base(host, [column], [type])
    {
        _initial = initial;
        _steps = steps;
        Iterations = iterations;
    }

    private IterativeImputingTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format (after the base's) ***
        // int: rounds run; double × slots: initial values; int: number of regressions;
        // for each: int: target slot; double: intercept; double × slots: weights
        int width = SlotCount(0);
        Iterations = ctx.Reader.ReadInt32();
        _initial = ctx.Reader.ReadDoubleArray(width);
        int count = ctx.Reader.ReadInt32();
        Host.CheckDecode(ColumnPairs.Length == 1 && Iterations >= 0 && count >= 0, $"its settings (columns {ColumnPairs.Length}, rounds {Iterations}, {count} regressions) are inconsistent");
        _steps = new RegressionStep[count];
        for (int i = 0; i < count; i++)
        {
            int target = ctx.Reader.ReadInt32();
            Host.CheckDecode(target >= 0 && target < width, $"regression {i} predicts slot {target} of {width}");
            double intercept = ctx.Reader.ReadDouble();
            _steps[i] = new RegressionStep(target, ctx.Reader.ReadDoubleArray(width), intercept);
        }
    }

    /// <summary>Gets the number of rounds run at fit time (0 for a vector of one slot or no rounds allowed).</summary>
    public int Iterations { get; }

    /// <summary>Gets each slot's initial value, the training mean, median or mode that fills it before the regressions.</summary>
    public IReadOnlyList<double> InitialValues => _initial.AsReadOnly();

    private static VersionInfo GetVersionInfo() => Version("ITRIMPTF", LoaderSignature);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        SaveColumnsAndTypes(ctx, GetVersionInfo());
        ctx.Writer.Write(Iterations);
        ctx.Writer.WriteDoublesNoCount(_initial);
        ctx.Writer.Write(_steps.Length);
        foreach (RegressionStep step in _steps)
        {
            ctx.Writer.Write(step.Target);
            ctx.Writer.Write(step.Intercept);
            ctx.Writer.WriteDoublesNoCount(step.Weights);
        }
    }

    private protected override Action<Span<double>> CreateRowImputer(int column)
    {
        bool[] missing = new bool[_initial.Length];
        return row =>
        {
            for (int i = 0; i < row.Length; i++)
            {
                missing[i] = double.IsNaN(row[i]);
                row[i] = missing[i] ? _initial[i] : row[i];
            }

            foreach (RegressionStep step in _steps)
            {
                step.Apply(row, missing);
            }
        };
    }

    /// <summary>In double precision: x₀ = Where(missing, initial, x), then for each regression
    /// x ← Where(missing ∧ [slot = target], x·w + b, x).</summary>
    private protected override void SaveAsOnnx(OnnxContext ctx, int column, DataViewType type, string input, string output)
    {
        ctx.CheckOpSetVersion(9, LoaderSignature);
        var nodes = new OnnxNodes(ctx, "iterative");
        int width = _initial.Length;
        string x = nodes.DoubleMatrix(input);
        string missing = nodes.Add("IsNaN", x);
        string current = nodes.Add("Where", missing, nodes.Doubles(_initial, width), x);
        var holes = new Dictionary<int, string>();
        foreach (RegressionStep step in _steps)
        {
            if (!holes.TryGetValue(step.Target, out string? hole))
            {
                hole = holes[step.Target] = nodes.Add("And", missing, nodes.Bools(Enumerable.Range(0, width).Select(s => s == step.Target), width));
            }

            string prediction = nodes.Add("Add", nodes.Add("MatMul", current, nodes.Doubles(step.Weights, width, 1)), nodes.Doubles([step.Intercept], 1));
            current = nodes.Add("Where", hole, prediction, current);
        }

        nodes.FromDoubleMatrix(current, (VectorDataViewType)type, output);
    }

    // Factory method for SignatureLoadModel.
    private static IterativeImputingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        => new(LoadingHost(env, ctx, GetVersionInfo()), ctx);

    // Factory method for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);
}
