using ScottPlot;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>The report's pictures, drawn by ScottPlot from the report's numbers as PNG of <see cref="Width"/> by
/// <see cref="Height"/> pixels (the U-matrix by the package's map picture), each returned as a data URI for an
/// <c>img</c> element, so the page needs no other file.</summary>
internal static class ReportPictures
{
    /// <summary>A picture's width in pixels: 560.</summary>
    public const int Width = 560;

    /// <summary>A picture's height in pixels: 400.</summary>
    public const int Height = 400;

    /// <summary>The U-matrix's larger side in pixels, about: 320.</summary>
    public const int MapSize = 320;

    /// <summary>The ROC curve with the diagonal of a random guess.</summary>
    public static string Roc(CurvePoints roc) => Curve(roc, $"ROC curve (area {roc.Area():F4})", "False positive rate", "True positive rate", diagonal: true);

    /// <summary>The precision-recall curve.</summary>
    public static string PrecisionRecall(CurvePoints curve) => Curve(curve, "Precision-recall curve", "Recall", "Precision", diagonal: false);

    /// <summary>The residuals against the predictions, with the zero line.</summary>
    public static string Residuals(ResidualPoints residuals)
    {
        using var plot = new Plot();
        plot.Add.ScatterPoints(Values(residuals.Predicted), Values(residuals.Residuals)).MarkerSize = 4;
        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        plot.Title("Residuals");
        plot.XLabel("Predicted");
        plot.YLabel("Label − predicted");
        return Png(plot);
    }

    /// <summary>Horizontal bars of the columns' importances, the most important at the top.</summary>
    public static string Importance(IReadOnlyList<ColumnImportance> importance, string metric)
    {
        using var plot = new Plot();
        for (int k = 0; k < importance.Count; k++)
        {
            ColumnImportance c = importance[k];
            plot.Add.Bar(new Bar
            {
                Position = importance.Count - 1 - k, Value = c.Decrease, Error = c.StandardDeviation, Orientation = Orientation.Horizontal, FillColor = Colors.SteelBlue,
            });
        }
        plot.Axes.Left.SetTicks([.. importance.Select((_, k) => (double)(importance.Count - 1 - k))], [.. importance.Select(c => c.ColumnName)]);
        plot.Title("Permutation importance of the columns");
        plot.XLabel($"Decrease of {metric} when the column is shuffled");
        return Png(plot, Math.Max(Height, 120 + (importance.Count * 18)));
    }

    /// <summary>The training and validation losses by epoch, with the best epoch marked.</summary>
    public static string LearningCurve(LearningCurve curve)
    {
        using var plot = new Plot();
        var loss = plot.Add.ScatterLine(Values(curve.Epochs.Select(e => (double)e)), Values(curve.Loss));
        loss.LegendText = "Training loss";
        loss.LineWidth = 2;
        int[] validated = [.. Enumerable.Range(0, curve.Epochs.Count).Where(i => curve.ValidationLoss[i] is not null)];
        if (validated.Length > 0)
        {
            var validation = plot.Add.ScatterLine(Values(validated.Select(i => (double)curve.Epochs[i])), Values(validated.Select(i => curve.ValidationLoss[i]!.Value)));
            validation.LegendText = "Validation loss";
            validation.LineWidth = 2;
        }
        plot.Add.VerticalLine(curve.BestEpoch, 1, Colors.Gray).LegendText = $"Best epoch ({curve.BestEpoch})";
        plot.Title($"Learning curves of trial {curve.TrialNumber} ({curve.Family})");
        plot.XLabel("Epoch");
        plot.YLabel("Loss");
        plot.ShowLegend(Alignment.UpperRight);
        return Png(plot);
    }

    /// <summary>The U-matrix, its cells sized for a picture of about <see cref="MapSize"/> pixels (at least 8 a cell).</summary>
    public static string SomMap(SomMap map) => DataUri(map.ToPng(Math.Max(8, MapSize / Math.Max(map.Width, map.Height))));

    /// <summary>A curve in the unit square.</summary>
    private static string Curve(CurvePoints curve, string title, string x, string y, bool diagonal)
    {
        using var plot = new Plot();
        plot.Add.ScatterLine(Values(curve.X), Values(curve.Y)).LineWidth = 2;
        if (diagonal)
        {
            var guess = plot.Add.Line(0, 0, 1, 1);
            guess.LinePattern = LinePattern.Dashed;
            guess.LineColor = Colors.Gray;
        }
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        return Png(plot);
    }

    private static string Png(Plot plot, int height = Height) => DataUri(plot.GetImageBytes(Width, height, ImageFormat.Png));

    private static double[] Values(IEnumerable<double> values) => [.. values];

    private static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
