using System.Globalization;
using System.Text;

namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Counts of (actual, predicted) class pairs: rows are actual classes, columns predicted ones. For binary
/// classification the positive class comes first.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly string[] _classNames;

    internal ConfusionMatrix(double[][] counts, string[] classNames)
    {
        NumberOfClasses = counts.Length;
        Counts = counts;
        _classNames = classNames;
        PerClassPrecision = Enumerable.Range(0, NumberOfClasses).Select(j =>
        {
            double column = counts.Sum(row => row[j]);
            return column > 0 ? counts[j][j] / column : 0;
        }).ToArray();
        PerClassRecall = Enumerable.Range(0, NumberOfClasses).Select(i =>
        {
            double row = counts[i].Sum();
            return row > 0 ? counts[i][i] / row : 0;
        }).ToArray();
    }

    /// <summary>Gets the precision of each class: correct predictions of it over all predictions of it (0 when never predicted).</summary>
    public IReadOnlyList<double> PerClassPrecision { get; }

    /// <summary>Gets the recall of each class: correct predictions of it over its actual rows (0 when absent).</summary>
    public IReadOnlyList<double> PerClassRecall { get; }

    /// <summary>Gets the counts: <c>Counts[actual][predicted]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Counts { get; }

    /// <summary>Gets the number of classes.</summary>
    public int NumberOfClasses { get; }

    /// <summary>Gets the count of rows of class <paramref name="actualClassIndicatorIndex"/> predicted as <paramref name="predictedClassIndicatorIndex"/>.</summary>
    /// <param name="predictedClassIndicatorIndex">The predicted class index.</param>
    /// <param name="actualClassIndicatorIndex">The actual class index.</param>
    /// <returns>The count.</returns>
    public double GetCountForClassPair(int predictedClassIndicatorIndex, int actualClassIndicatorIndex) =>
        Counts[actualClassIndicatorIndex][predictedClassIndicatorIndex];

    /// <summary>Formats the matrix as a text table with per-class recall (rows) and precision (bottom line).</summary>
    /// <returns>The table.</returns>
    public string GetFormattedConfusionTable()
    {
        int nameWidth = Math.Max(9, _classNames.Max(n => n.Length));
        int cellWidth = Math.Max(7, Math.Max(_classNames.Max(n => n.Length), Counts.SelectMany(r => r).Select(Format).Max(s => s.Length)));
        string rule = new string(' ', nameWidth + 1) + "||" + new string('=', (NumberOfClasses * (cellWidth + 3)) + 7);
        var sb = new StringBuilder();
        sb.AppendLine("Confusion table");
        sb.AppendLine(rule);
        sb.Append("PREDICTED".PadRight(nameWidth + 1)).Append("||");
        foreach (string name in _classNames)
        {
            sb.Append(' ').Append(name.PadLeft(cellWidth)).Append(" |");
        }

        sb.AppendLine(" Recall");
        sb.Append("TRUTH".PadRight(nameWidth + 1)).AppendLine("||" + new string('=', (NumberOfClasses * (cellWidth + 3)) + 7));
        for (int i = 0; i < NumberOfClasses; i++)
        {
            sb.Append(_classNames[i].PadLeft(nameWidth)).Append(" ||");
            foreach (double count in Counts[i])
            {
                sb.Append(' ').Append(Format(count).PadLeft(cellWidth)).Append(" |");
            }

            sb.Append(' ').AppendLine(PerClassRecall[i].ToString("0.0000", CultureInfo.InvariantCulture));
        }

        sb.AppendLine(rule);
        sb.Append("Precision".PadRight(nameWidth + 1)).Append("||");
        foreach (double p in PerClassPrecision)
        {
            sb.Append(' ').Append(p.ToString("0.0000", CultureInfo.InvariantCulture).PadLeft(cellWidth)).Append(" |");
        }

        sb.AppendLine();
        return sb.ToString();
    }

    private static string Format(double count) => count.ToString(count == Math.Floor(count) ? "0" : "0.00", CultureInfo.InvariantCulture);
}
