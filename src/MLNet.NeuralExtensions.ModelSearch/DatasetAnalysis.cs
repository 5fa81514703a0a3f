using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// What <see cref="DatasetInference.Analyze"/> found in a delimited text file: its separator, its columns and their
/// roles, its rows, and the label's classes. It makes the ML.NET text loader that reads the file as the search reads
/// it.
/// </summary>
public sealed class DatasetAnalysis
{
    internal DatasetAnalysis(string path, char separator, IReadOnlyList<DatasetColumn> columns, long rows, ModelSearchTask task,
        string? labelColumnName, IReadOnlyList<string> classes, string? positiveClass, long rowsWithoutLabel)
    {
        Path = path;
        Separator = separator;
        Columns = columns;
        Rows = rows;
        Task = task;
        LabelColumnName = labelColumnName;
        Classes = classes;
        PositiveClass = positiveClass;
        RowsWithoutLabel = rowsWithoutLabel;
    }

    /// <summary>Gets the file analysed.</summary>
    public string Path { get; }

    /// <summary>Gets the field separator: ',', ';', '\t' or '|', whichever the header line holds most of.</summary>
    public char Separator { get; }

    /// <summary>Gets every column of the file, in file order.</summary>
    public IReadOnlyList<DatasetColumn> Columns { get; }

    /// <summary>Gets the data rows (the header excluded).</summary>
    public long Rows { get; }

    /// <summary>Gets the task the analysis was made for.</summary>
    public ModelSearchTask Task { get; }

    /// <summary>Gets the label column, or null for an unsupervised task without one.</summary>
    public string? LabelColumnName { get; }

    /// <summary>Gets the label's classes in ordinal order (the multiclass model's key order); empty for regression and
    /// when there is no label.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Gets the class that is the positive one (true) of a binary or anomaly label, or null for the other
    /// tasks: the second of {0, 1}, {false, true}, {no, yes}, {n, y}, {-1, 1} when the values are those, else the rarer
    /// class.</summary>
    public string? PositiveClass { get; }

    /// <summary>Gets the rows whose label is missing; they are left out of training and evaluation.</summary>
    public long RowsWithoutLabel { get; }

    /// <summary>Gets the columns that become features, in file order.</summary>
    public IEnumerable<DatasetColumn> FeatureColumns => Columns.Where(c => c.Role is not (ColumnRole.Label or ColumnRole.Ignored));

    /// <summary>Creates ML.NET's text loader for the file: numeric features (and a regression label) as Single, with
    /// empty fields as NaN; categorical and text features and a class label as text; ignored columns not loaded.</summary>
    /// <param name="ml">The context.</param>
    /// <returns>The loader.</returns>
    public TextLoader CreateTextLoader(MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var columns = new List<TextLoader.Column>();
        foreach (DatasetColumn c in Columns)
        {
            DataKind? kind = c.Role switch
            {
                ColumnRole.Ignored => null,
                ColumnRole.Numeric => DataKind.Single,
                ColumnRole.Label when Task == ModelSearchTask.Regression => DataKind.Single,
                _ => DataKind.String,
            };
            if (kind is DataKind k)
            {
                columns.Add(new TextLoader.Column(c.Name, k, c.Index));
            }
        }
        return DelimitedTextLoader.Create(ml, columns, Separator);
    }

    /// <summary>Loads the file, or another with the same columns (a validation or a new dataset), through
    /// <see cref="CreateTextLoader"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="path">The file; null for <see cref="Path"/>.</param>
    /// <returns>The loaded view.</returns>
    public IDataView Load(MLContext ml, string? path = null) => CreateTextLoader(ml).Load(path ?? Path);
}
