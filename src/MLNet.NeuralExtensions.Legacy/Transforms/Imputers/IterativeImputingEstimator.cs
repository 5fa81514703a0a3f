using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Fits round-robin regression imputation on a vector column, as scikit-learn's IterativeImputer with a Ridge estimator:
/// missing slots start at the slot means; then, slot after slot in ascending order of how often they are missing, a
/// ridge regression on all other slots is fitted over the rows where the slot is present and predicts it where it is
/// missing. Rounds repeat until the largest row change falls below tolerance × the largest present magnitude, or
/// maximumIterations rounds. Created by <c>mlContext.Transforms.ReplaceMissingValuesIteratively</c>.
/// </summary>
public sealed class IterativeImputingEstimator : IEstimator<IterativeImputingTransformer>
{
    private const string Expected = "a known-size vector of Single or Double";
    private readonly InputOutputColumnPair _column;
    private readonly int _maximumIterations;
    private readonly double _tolerance;
    private readonly double _l2Regularization;

    internal IterativeImputingEstimator(InputOutputColumnPair column, int maximumIterations, double tolerance, double l2Regularization)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumIterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(l2Regularization);
        _column = column;
        _maximumIterations = maximumIterations;
        _tolerance = tolerance;
        _l2Regularization = l2Regularization;
    }

    /// <summary>Runs the imputation rounds on the training data and keeps every fitted regression.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted transformer, which replays the same regressions on new data.</returns>
    public IterativeImputingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = Require(input.Schema);
        int width = ColumnBuffers.Width(column.Type);
        double[] x = VectorRows.Read(input, column);
        int n = x.Length / width;
        bool[] missing = [.. x.Select(double.IsNaN)];
        var statistics = new SlotStatistics(width, keepValues: false);
        for (int i = 0; i < x.Length; i++)
        {
            statistics.Add(i % width, x[i]);
        }

        double[] initial = [.. Enumerable.Range(0, width).Select(s => statistics.Count(s) > 0 ? statistics.Mean(s) : 0)];
        var steps = new List<IterativeImputingTransformer.Step>();
        int iterations = 0;
        if (missing.Any(m => m) && width > 1)
        {
            double[] filled = [.. x.Select((v, i) => missing[i] ? initial[i % width] : v)];
            double largest = x.Where(v => !double.IsNaN(v)).Select(Math.Abs).DefaultIfEmpty(0).Max();
            int[] order = [.. Enumerable.Range(0, width).OrderBy(s => n - statistics.Count(s))];
            while (iterations < _maximumIterations)
            {
                double[] previous = (double[])filled.Clone();
                foreach (int target in order)
                {
                    IterativeImputingTransformer.Step step = FitStep(filled, missing, width, target);
                    step.Apply(filled, missing, width);
                    steps.Add(step);
                }

                iterations++;
                if (LargestRowChange(filled, previous, width) < _tolerance * largest)
                {
                    break;
                }
            }
        }

        return new IterativeImputingTransformer(_column, column.Type, initial, [.. steps], iterations);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema =>
        {
            DataViewType type = Require(schema).Type;
            return new IterativeImputingTransformer(_column, type, new double[ColumnBuffers.Width(type)], [], 0).GetOutputSchema(schema);
        });
    }

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

    private IterativeImputingTransformer.Step FitStep(double[] filled, bool[] missing, int width, int target)
    {
        int[] rows = [.. Enumerable.Range(0, filled.Length / width).Where(r => !missing[(r * width) + target])];
        int[] predictors = [.. Enumerable.Range(0, width).Where(s => s != target)];
        var (weights, intercept) = RidgeRegression.Fit(filled, width, rows, predictors, target, _l2Regularization);
        return new IterativeImputingTransformer.Step(target, weights, intercept);
    }

    private DataViewSchema.Column Require(DataViewSchema schema) =>
        SchemaErrors.Require(schema, _column.InputColumnName, SchemaErrors.IsKnownSizeNumericVector, Expected);
}
