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

    /// <summary>The ROC curve with the diagonal of a random guess.</summary>
    public static string Roc(CurvePoints roc)
    {
        using var plot = new Plot();
        plot.Add.Line(0, 0, 1, 1).LinePattern = LinePattern.Dashed;
        plot.Add.ScatterLine(Values(roc.X), Values(roc.Y)).LineWidth = 2;
        plot.Title($"ROC curve (area {roc.Area():F4})");
        plot.XLabel("False positive rate");
        plot.YLabel("True positive rate");
        plot.Axes.SetLimits(0, 1, 0, 1);
        return Png(plot);
    }

    /// <summary>The precision-recall curve.</summary>
    public static string PrecisionRecall(CurvePoints curve)
    {
        using var plot = new Plot();
        plot.Add.ScatterLine(Values(curve.X), Values(curve.Y)).LineWidth = 2;
        plot.Title("Precision-recall curve");
        plot.XLabel("Recall");
        plot.YLabel("Precision");
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        return Png(plot);
    }

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

    /// <summary>The U-matrix.</summary>
    public static string SomMap(SomMap map) => DataUri(map.ToPng());

    private static string Png(Plot plot, int height = Height) => DataUri(plot.GetImageBytes(Width, height, ImageFormat.Png));

    private static double[] Values(IEnumerable<double> values) => [.. values];

    private static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
