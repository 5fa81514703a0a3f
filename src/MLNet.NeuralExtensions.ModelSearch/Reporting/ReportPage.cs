using System.Globalization;
using System.Net;
using System.Text;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>Writes a report as one self-contained HTML page: a summary, the leaderboard (table id "leaderboard", a row
/// per trial, best first), the featurization, the dataset's columns, and the best model's diagnostics as PNG pictures
/// embedded as data URIs (<see cref="ReportPictures"/>) and a confusion table. A few lines of inline CSS; no script and
/// no external URL.</summary>
internal static class ReportPage
{
    private const string Style = "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin-bottom:1em}"
        + "th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}th{background:#eef}td.n{text-align:right}td.hit{background:#dde8ff;font-weight:bold}"
        + "figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}figcaption{font-size:90%;color:#555;max-width:560px}img{max-width:100%}";

    /// <summary>The page of <paramref name="report"/>.</summary>
    public static string Render(ModelSearchReport report)
    {
        var html = new StringBuilder();
        string title = $"{report.Task} on {Path.GetFileName(report.Dataset)}";
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title><style>{Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Encode(title)}</h1><p>Label {Encode(report.LabelColumnName ?? "none")}; ranked by {Encode(report.OptimizingMetric)}; ")
            .Append(CultureInfo.InvariantCulture, $"{report.Leaderboard.Count} trials in {report.ElapsedSeconds:F1} s of a {report.BudgetSeconds:F0} s budget")
            .Append(report.WasCancelled ? "; cancelled" : "")
            .Append(CultureInfo.InvariantCulture, $". The saved model is trial {report.BestTrial}'s pipeline, {(report.TrainedOnAllRows ? "trained again on every row" : "as its last fold trained it")}.</p>");
        Leaderboard(html, report);
        html.Append("<h2>Pipeline</h2><ol>");
        foreach (string step in report.Featurization)
        {
            html.Append("<li>").Append(Encode(step)).Append("</li>");
        }
        html.Append("</ol><h2>Columns</h2><table><thead><tr><th>Column</th><th>Role</th><th>Why</th><th>Distinct</th><th>Missing</th></tr></thead><tbody>");
        foreach (DatasetColumn c in report.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(c.Name)}</td><td>{c.Role}</td><td>{Encode(c.Reason)}</td><td class=\"n\">{c.DistinctValues}</td><td class=\"n\">{c.MissingValues}</td></tr>");
        }
        html.Append("</tbody></table>");
        if (report.Diagnostics is { } diagnostics)
        {
            Diagnostics(html, diagnostics);
        }
        return html.Append("</body></html>").ToString();
    }

    private static void Leaderboard(StringBuilder html, ModelSearchReport report)
    {
        html.Append("<h2>Leaderboard</h2><table id=\"leaderboard\"><thead><tr><th>Rank</th><th>Trial</th><th>Trainer</th><th>Settings</th><th>Rows</th><th>")
            .Append(Encode(report.OptimizingMetric)).Append("</th><th>Seconds</th><th>Status</th></tr></thead><tbody>");
        int rank = 1;
        foreach (LeaderboardEntry e in report.Leaderboard)
        {
            string metric = e.Metrics.TryGetValue(report.OptimizingMetric, out double v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "";
            string status = e.Error is null ? e.Status.ToString() : $"{e.Status}: {e.Error}";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{rank++}</td><td class=\"n\">{e.Number}</td><td>{e.Family}</td><td>{Encode(e.Settings)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{e.RowFraction:P0}</td><td class=\"n\">{metric}</td><td class=\"n\">{e.Seconds:F2}</td><td>{Encode(status)}</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void Diagnostics(StringBuilder html, ModelDiagnostics d)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Best model: trial {d.TrialNumber} ({d.Family})</h2><p>Measured on the held-out rows of the trial's last fold (the validation file's, when one was given), as the search scored it; the leaderboard averages every fold.</p><div>");
        if (d.Roc is { } roc)
        {
            Figure(html, ReportPictures.Roc(roc), "ROC curve", "True against false positive rate as the threshold falls through every score.");
        }
        if (d.PrecisionRecall is { } pr)
        {
            Figure(html, ReportPictures.PrecisionRecall(pr), "Precision-recall curve", "Precision against recall as the threshold falls through every score.");
        }
        if (d.Residuals is { } residuals)
        {
            Figure(html, ReportPictures.Residuals(residuals), "Residuals", $"Label minus prediction against the prediction, {residuals.Predicted.Count} rows.");
        }
        if (d.Importance.Count > 0)
        {
            Figure(html, ReportPictures.Importance(d.Importance, d.ImportanceMetric!), "Permutation importance",
                $"How much {d.ImportanceMetric} worsens when a column's values are shuffled among the rows (mean and standard deviation of {PermutationImportance.Shuffles} shuffles).");
        }
        if (d.LearningCurve is { } curve)
        {
            Figure(html, ReportPictures.LearningCurve(curve), "Learning curves", $"The best network trial's last fold{(curve.StoppedEarly ? ", stopped early" : "")}.");
        }
        if (d.SomMap is { } map)
        {
            Figure(html, ReportPictures.SomMap(map), "U-matrix", $"Trial {map.TrialNumber}'s {map.Width}×{map.Height} map: each node's mean distance to its neighbours; dark cells separate clusters.");
        }
        html.Append("</div>");
        if (d.Confusion is { } confusion)
        {
            Confusion(html, confusion);
        }
    }

    private static void Figure(StringBuilder html, string dataUri, string alt, string caption) =>
        html.Append("<figure><img src=\"").Append(dataUri).Append("\" alt=\"").Append(Encode(alt)).Append("\"><figcaption>").Append(Encode(caption)).Append("</figcaption></figure>");

    private static void Confusion(StringBuilder html, ConfusionTable table)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h3>Confusion matrix</h3><p>{table.Total():0} rows; a row per true class, a column per predicted class.</p><table id=\"confusion\"><thead><tr><th>True \\ predicted</th>");
        foreach (string c in table.Classes)
        {
            html.Append("<th>").Append(Encode(c)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        for (int i = 0; i < table.Classes.Count; i++)
        {
            html.Append("<tr><th>").Append(Encode(table.Classes[i])).Append("</th>");
            for (int j = 0; j < table.Classes.Count; j++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"{(i == j ? "n hit" : "n")}\">{table.Counts[i][j]:0}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
