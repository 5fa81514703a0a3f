using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// Infers a delimited text file's columns for a search: reads the header (separator: ',', ';', tab or '|', whichever
/// the header holds most of) and every row as text, then gives each column a role. Numbers stay numeric; text with at
/// most <see cref="OneHotLimit"/> distinct values is one-hot encoded, short text with more is hashed, and text of
/// several words per value on average is featurized as free text. Empty and constant columns and identifiers (every
/// value distinct, as consecutive integers or as one-word text) are dropped with a reason.
/// </summary>
public static class DatasetInference
{
    /// <summary>The most distinct values of a text column that is one-hot encoded: 100.</summary>
    public const int OneHotLimit = 100;

    private static readonly string[][] PositiveLast = [["0", "1"], ["false", "true"], ["no", "yes"], ["n", "y"], ["-1", "1"], ["f", "t"]];

    /// <summary>Analyses <paramref name="path"/> for <paramref name="task"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="path">The dataset: a delimited text file with a header line.</param>
    /// <param name="task">The task.</param>
    /// <param name="labelColumnName">The label column; null only for <see cref="ModelSearchTask.Clustering"/> and
    /// <see cref="ModelSearchTask.AnomalyDetection"/>.</param>
    /// <param name="ignoreColumns">Columns not to use; none by default.</param>
    /// <returns>The analysis.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty or not text, a named column is not in its header, the
    /// label does not suit the task (one value, a non-number for regression, more than two values for binary), or no
    /// column is left to learn from; the message names the file and the column.</exception>
    public static DatasetAnalysis Analyze(MLContext ml, string path, ModelSearchTask task, string? labelColumnName, IEnumerable<string>? ignoreColumns = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentException.ThrowIfNullOrEmpty(path);
        (char separator, string[] names) = DelimitedHeader.Read(path);
        bool supervised = task is ModelSearchTask.BinaryClassification or ModelSearchTask.MulticlassClassification or ModelSearchTask.Regression;
        if (supervised && string.IsNullOrEmpty(labelColumnName))
        {
            throw new ArgumentException($"The {task} task needs a label column.", nameof(labelColumnName));
        }
        var ignored = new HashSet<string>(ignoreColumns ?? [], StringComparer.Ordinal);
        foreach (string name in ignored.Append(labelColumnName).OfType<string>())
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"The dataset '{path}' has no column '{name}'; its columns are: {string.Join(", ", names)}.");
            }
        }
        (ColumnStatistics[] stats, long rows) = ReadStatistics(ml, path, separator, names);
        var columns = new DatasetColumn[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            ColumnStatistics s = stats[i];
            (ColumnRole role, string reason) = names[i] == labelColumnName ? (ColumnRole.Label, "the label")
                : ignored.Contains(names[i]) ? (ColumnRole.Ignored, "ignored as asked")
                : Classify(s, rows);
            columns[i] = new DatasetColumn(names[i], i, role, reason, s.Distinct, s.Missing, s.AllNumeric && s.Present > 0);
        }
        if (!columns.Any(c => c.Role is not (ColumnRole.Label or ColumnRole.Ignored)))
        {
            throw new InvalidDataException($"The dataset '{path}' leaves no column to learn from: {string.Join("; ", columns.Select(c => $"{c.Name} is {c.Role} ({c.Reason})"))}.");
        }
        if (labelColumnName is null)
        {
            return new DatasetAnalysis(path, separator, columns, rows, task, null, [], null, 0);
        }
        ColumnStatistics label = stats[Array.IndexOf(names, labelColumnName)];
        (IReadOnlyList<string> classes, string? positive) = LabelClasses(path, task, labelColumnName, label);
        return new DatasetAnalysis(path, separator, columns, rows, task, labelColumnName, classes, positive, label.Missing);
    }

    private static (ColumnStatistics[] Stats, long Rows) ReadStatistics(MLContext ml, string path, char separator, string[] names)
    {
        IDataView view = DelimitedTextLoader.Create(ml, names.Select((n, i) => new TextLoader.Column(n, DataKind.String, i)), separator).Load(path);
        var stats = names.Select(_ => new ColumnStatistics()).ToArray();
        using DataViewRowCursor cursor = view.GetRowCursor(view.Schema);
        var getters = view.Schema.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
        ReadOnlyMemory<char> value = default;
        long rows = 0;
        while (cursor.MoveNext())
        {
            rows++;
            for (int i = 0; i < getters.Length; i++)
            {
                getters[i](ref value);
                stats[i].Add(value.Span);
            }
        }
        if (rows == 0)
        {
            throw new InvalidDataException($"The dataset '{path}' has a header but no data rows.");
        }
        return (stats, rows);
    }

    private static (ColumnRole Role, string Reason) Classify(ColumnStatistics s, long rows)
    {
        if (s.Present == 0)
        {
            return (ColumnRole.Ignored, "empty");
        }
        if (s.Distinct == 1)
        {
            return (ColumnRole.Ignored, "constant");
        }
        bool everyValueDistinct = s.Distinct == s.Present && s.Present == rows && rows >= 20;
        if (s.AllNumeric)
        {
            return everyValueDistinct && s.AllIntegers && s.Maximum - s.Minimum + 1 == rows
                ? (ColumnRole.Ignored, "an identifier: distinct consecutive integers")
                : (ColumnRole.Numeric, "numbers");
        }
        double words = (double)s.TotalWords / s.Present;
        if (everyValueDistinct && words < 1.5)
        {
            return (ColumnRole.Ignored, "an identifier: every value distinct");
        }
        if (words >= 3 && s.Distinct > OneHotLimit / 2)
        {
            return (ColumnRole.Text, $"free text, {words:F1} words a value");
        }
        return s.Distinct <= OneHotLimit
            ? (ColumnRole.Categorical, $"text with {s.Distinct} values")
            : (ColumnRole.HashedCategorical, $"text with {(s.DistinctOverflow ? "over " : "")}{s.Distinct} values");
    }

    private static (IReadOnlyList<string> Classes, string? Positive) LabelClasses(string path, ModelSearchTask task, string label, ColumnStatistics s)
    {
        if (s.Present == 0)
        {
            throw new InvalidDataException($"The label column '{label}' of '{path}' has no values.");
        }
        if (s.Distinct < 2 && task != ModelSearchTask.Clustering)
        {
            throw new InvalidDataException($"The label column '{label}' of '{path}' has a single value ('{s.Counts.Keys.First()}'); a {task} label needs at least two.");
        }
        switch (task)
        {
            case ModelSearchTask.Regression:
                if (!s.AllNumeric)
                {
                    throw new InvalidDataException($"The label column '{label}' of '{path}' holds text ('{s.Counts.Keys.First(k => !double.TryParse(k, System.Globalization.CultureInfo.InvariantCulture, out _))}'); a regression label must be numbers.");
                }
                return ([], null);
            case ModelSearchTask.BinaryClassification or ModelSearchTask.AnomalyDetection:
                if (s.Distinct != 2)
                {
                    throw new InvalidDataException($"The label column '{label}' of '{path}' has {s.Distinct} values ({string.Join(", ", s.Counts.Keys.Take(5))}{(s.Distinct > 5 ? ", …" : "")}); a {task} label needs exactly two{(task == ModelSearchTask.BinaryClassification ? " (use the multiclass task for more)" : "")}.");
                }
                string[] two = [.. s.Counts.Keys.Order(StringComparer.Ordinal)];
                string? known = PositiveLast.FirstOrDefault(p => two.Select(v => v.ToLowerInvariant()).Order(StringComparer.Ordinal).SequenceEqual(p.Order(StringComparer.Ordinal)))?[1];
                string positive = known is not null ? two.First(v => v.Equals(known, StringComparison.OrdinalIgnoreCase))
                    : s.Counts[two[0]] < s.Counts[two[1]] ? two[0] : two[1];
                return (two, positive);
            default:
                if (s.DistinctOverflow || s.Distinct > 1000)
                {
                    throw new InvalidDataException($"The label column '{label}' of '{path}' has over 1000 distinct values; a {task} label holds classes (use the regression task for a numeric target).");
                }
                return ([.. s.Counts.Keys.Order(StringComparer.Ordinal)], null);
        }
    }
}
