using Microsoft.ML;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>
/// Permutation importance of the dataset's own columns (not of the feature vector's slots): each feature column of the
/// held-out rows (the first <see cref="MostRows"/> of them, which a search shuffled) is shuffled <see cref="Shuffles"/>
/// times (a seeded Fisher–Yates shuffle of its values, the other columns left in place), the whole model —
/// featurization and trainer — scores the shuffled rows, and ML.NET's evaluator of the task measures how much the
/// metric worsens. Shuffling a column before featurization keeps a
/// one-hot-encoded or featurized text column's slots consistent, which ML.NET's permutation feature importance, which
/// shuffles one slot of the feature vector at a time, does not; and it applies to every trainer, ensembles and anomaly
/// detectors included.
/// </summary>
internal static class PermutationImportance
{
    /// <summary>The shuffles of each column: 3.</summary>
    public const int Shuffles = 3;

    /// <summary>The most held-out rows scored: 5000.</summary>
    public const int MostRows = 5000;

    /// <summary>Each feature column's importance to <paramref name="model"/> on <paramref name="heldOut"/> by
    /// <paramref name="metric"/>, the most important first.</summary>
    public static IReadOnlyList<ColumnImportance> Compute(MLContext ml, DatasetAnalysis analysis, ITransformer model, IDataView heldOut, string metric, int seed)
    {
        double Measure(IDataView data) => SearchMetric.Evaluate(ml, analysis.Task, model.Transform(data), hasLabel: true)[metric];
        double sign = SearchMetric.IsHigherBetter(metric) ? 1 : -1;
        IDataView rows = ml.Data.TakeRows(heldOut, MostRows);
        double baseline = Measure(rows);
        var random = new Random(seed);
        var importances = new List<ColumnImportance>();
        foreach (DatasetColumn c in analysis.FeatureColumns)
        {
            DataViewSchema.Column column = rows.Schema[c.Name];
            double[] decreases = [.. Enumerable.Range(0, Shuffles).Select(_ => sign * (baseline - Measure(Shuffled(rows, column, random))))];
            double mean = decreases.Average();
            importances.Add(new ColumnImportance(c.Name, mean, Math.Sqrt(decreases.Sum(d => (d - mean) * (d - mean)) / decreases.Length)));
        }
        return [.. importances.OrderByDescending(i => i.Decrease)];
    }

    /// <summary>The rows with <paramref name="column"/> shuffled: a Single (numeric) or text column, as the dataset's
    /// loader reads feature columns.</summary>
    private static IDataView Shuffled(IDataView data, DataViewSchema.Column column, Random random) =>
        column.Type.RawType == typeof(float)
            ? new ShuffledColumnView<float>(data, column, random)
            : new ShuffledColumnView<ReadOnlyMemory<char>>(data, column, random);
}
