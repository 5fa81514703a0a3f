using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Fits round-robin regression imputation of a vector column, as scikit-learn's
/// <c>IterativeImputer(estimator=Ridge(alpha))</c>: the missing slots start at an initial value (the slot's mean by
/// default); then, round after round, each slot in turn (fewest missing values first by default) gets a ridge
/// regression on all the other slots, fitted over the rows where it is present, which re-predicts it where it is
/// missing. The rounds stop when no row's values change by more than tolerance × the largest present magnitude (the sum
/// of the row's absolute changes), or after the maximum number of rounds. Created by
/// <see cref="ImputationCatalog.ReplaceMissingValuesIteratively"/>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input column</term><description>A known-size vector of Single or Double.</description></item>
/// <item><term>Output column</term><description>The input's type, slot names and normalization flag.</description></item>
/// <item><term>Exportable to ONNX</term><description>Yes.</description></item>
/// </list>
/// Every regression of every round is kept and replayed, in order, on new rows, as scikit-learn's transform does; a
/// vector of one slot keeps its initial values. A slot with no present value in the training data has no initial value:
/// fitting throws <see cref="InvalidDataException"/> naming the column and slot. Unlike scikit-learn, which drops such
/// slots, the output always has the input's slots.
/// </remarks>
public sealed class IterativeImputingEstimator : IEstimator<IterativeImputingTransformer>
{
    private readonly IHost _host;
    private readonly InputOutputColumnPair _column;
    private readonly Settings _settings;

    internal IterativeImputingEstimator(IHostEnvironment env, InputOutputColumnPair column, Settings settings)
    {
        Contracts.CheckValue(env, nameof(env));
        _host = env.Register(nameof(IterativeImputingEstimator));
        _host.CheckValue(column, nameof(column));
        _host.CheckUserArg(settings.MaximumIterations >= 0, "maximumIterations", $"must be at least 0; got {settings.MaximumIterations}");
        _host.CheckUserArg(settings.Tolerance >= 0 && double.IsFinite(settings.Tolerance), "tolerance", $"must be finite and at least 0; got {settings.Tolerance}");
        _host.CheckUserArg(settings.L2Regularization > 0 && double.IsFinite(settings.L2Regularization), "l2Regularization",
            $"must be finite and above 0 (the ridge systems must be positive definite); got {settings.L2Regularization}");
        _host.CheckUserArg(Enum.IsDefined(settings.ImputationOrder), "imputationOrder", $"is not an Order; got {(int)settings.ImputationOrder}");
        _host.CheckUserArg(Enum.IsDefined(settings.InitialValues), "initialValues", $"is not an InitialValue; got {(int)settings.InitialValues}");
        _column = column;
        _settings = settings;
    }

    /// <summary>The order in which each round regresses the slots (scikit-learn's imputation_order).</summary>
    public enum Order : byte
    {
        /// <summary>Fewest missing values first, equal counts left to right (the default; scikit-learn's "ascending").</summary>
        Ascending = 0,

        /// <summary>Most missing values first: the reverse of <see cref="Ascending"/> (scikit-learn's "descending").</summary>
        Descending = 1,

        /// <summary>First slot to last (scikit-learn's "roman").</summary>
        LeftToRight = 2,

        /// <summary>Last slot to first (scikit-learn's "arabic").</summary>
        RightToLeft = 3,
    }

    /// <summary>What fills the missing values before the first round (scikit-learn's initial_strategy).</summary>
    public enum InitialValue : byte
    {
        /// <summary>The slot's mean (the default; scikit-learn's "mean").</summary>
        Mean = 0,

        /// <summary>The slot's median (scikit-learn's "median").</summary>
        Median = 1,

        /// <summary>The slot's most frequent value, the smallest of equally frequent ones (scikit-learn's "most_frequent").</summary>
        Mode = 2,
    }

    /// <summary>Runs the rounds on the training data and keeps every regression.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted transformer, which replays the regressions on new rows.</returns>
    public IterativeImputingTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        DataViewSchema.Column column = ImputerSchema.Require(_host, input.Schema, _column.InputColumnName, vectorOnly: true);
        double[] x = ColumnReader.ReadVectorsAsDouble(input, column, out int rows);
        int width = ((VectorDataViewType)column.Type).Size;
        double[][] present = PresentValues.SortedBySlot(x, width, pooled: false, column.Name, "iterative imputation");
        double[] initial = [.. present.Select(InitialOf)];
        bool[] missing = [.. x.Select(double.IsNaN)];
        double[] filled = [.. x.Select((v, i) => missing[i] ? initial[i % width] : v)];
        var steps = new List<RegressionStep>();
        int iterations = 0;
        if (width > 1)
        {
            double tolerance = _settings.Tolerance * present.Max(slot => Math.Max(Math.Abs(slot[0]), Math.Abs(slot[^1])));
            int[] order = Ordered(missing, width);
            while (iterations < _settings.MaximumIterations)
            {
                double[] previous = (double[])filled.Clone();
                foreach (int target in order)
                {
                    RegressionStep step = FitStep(filled, missing, width, target);
                    for (int r = 0; r < rows; r++)
                    {
                        step.Apply(filled.AsSpan(r * width, width), missing.AsSpan(r * width, width));
                    }

                    steps.Add(step);
                }

                iterations++;
                if (LargestRowChange(filled, previous, width) < tolerance)
                {
                    break;
                }
            }
        }

        return new IterativeImputingTransformer(_host, (_column.OutputColumnName, _column.InputColumnName), column.Type, initial, [.. steps], iterations);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ImputerSchema.Output(_host, inputSchema, [_column], vectorOnly: true);

    /// <summary>The largest sum over a row of the absolute changes (the infinity norm scikit-learn takes).</summary>
    private static double LargestRowChange(double[] current, double[] previous, int width)
    {
        double largest = 0;
        for (int row = 0; row < current.Length; row += width)
        {
            double sum = 0;
            for (int slot = 0; slot < width; slot++)
            {
                sum += Math.Abs(current[row + slot] - previous[row + slot]);
            }

            largest = Math.Max(largest, sum);
        }

        return largest;
    }

    private double InitialOf(double[] sorted) => _settings.InitialValues switch
    {
        InitialValue.Median => PresentValues.Median(sorted),
        InitialValue.Mode => PresentValues.Mode(sorted),
        _ => sorted.Average(),
    };

    private int[] Ordered(bool[] missing, int width)
    {
        int[] counts = new int[width];
        for (int i = 0; i < missing.Length; i++)
        {
            counts[i % width] += missing[i] ? 1 : 0;
        }

        int[] slots = [.. Enumerable.Range(0, width)];
        int[] ascending = [.. slots.OrderBy(s => counts[s])];
        return _settings.ImputationOrder switch
        {
            Order.Descending => [.. ascending.Reverse()],
            Order.LeftToRight => slots,
            Order.RightToLeft => [.. slots.Reverse()],
            _ => ascending,
        };
    }

    private RegressionStep FitStep(double[] filled, bool[] missing, int width, int target)
    {
        int[] rows = [.. Enumerable.Range(0, filled.Length / width).Where(r => !missing[(r * width) + target])];
        int[] predictors = [.. Enumerable.Range(0, width).Where(s => s != target)];
        var (weights, intercept) = RidgeRegression.Fit(filled, width, rows, predictors, target, _settings.L2Regularization);
        return new RegressionStep(target, weights, intercept);
    }

    /// <summary>The options of the imputation.</summary>
    internal sealed record Settings(int MaximumIterations, double Tolerance, double L2Regularization, Order ImputationOrder, InitialValue InitialValues);

    internal static class Defaults
    {
        public const int MaximumIterations = 10;
        public const double Tolerance = 1e-3;
        public const double L2Regularization = 1;
        public const Order ImputationOrder = Order.Ascending;
        public const InitialValue InitialValues = InitialValue.Mean;
    }
}
