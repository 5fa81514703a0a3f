using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using ScottPlot;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Global views of per-row attributions (Kernel SHAP values, Integrated Gradients…): each feature's mean absolute
/// attribution, and pictures through ScottPlot — a bar chart of those means and a beeswarm-style chart of every row's
/// attribution per feature, coloured by the feature's value, as the shap package draws them.
/// </summary>
public static class AttributionSummary
{
    /// <summary>Each feature's mean absolute attribution over the rows of <paramref name="data"/>, in slot order.</summary>
    /// <param name="data">Rows with an attribution column.</param>
    /// <param name="attributionColumnName">A known-size vector of Single. Default "Attributions".</param>
    /// <returns>One mean per slot.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or not a known-size vector of Single.</exception>
    /// <exception cref="InvalidDataException">The data has no rows.</exception>
    public static float[] MeanAbsolute(IDataView data, string attributionColumnName = ExplainabilityCatalog.DefaultAttributionColumnName)
    {
        var (values, rows, width) = Read(data, attributionColumnName);
        var means = new float[width];
        for (int i = 0; i < width; i++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                sum += Math.Abs(values[(r * width) + i]);
            }

            means[i] = (float)(sum / rows);
        }

        return means;
    }

    /// <summary>Writes a PNG bar chart of each feature's mean absolute attribution, the largest at the top, labelled with
    /// the column's slot names (else "Feature i"). The file is written whole or not at all.</summary>
    /// <param name="data">Rows with an attribution column.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="attributionColumnName">Default "Attributions".</param>
    /// <param name="maximumFeatures">The most features drawn, the most important. Default 20.</param>
    /// <param name="width">Pixels. Default 800.</param>
    /// <param name="height">Pixels. Default 600.</param>
    public static void SaveBarChart(IDataView data, string path, string attributionColumnName = ExplainabilityCatalog.DefaultAttributionColumnName,
        int maximumFeatures = 20, int width = 800, int height = 600)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        float[] means = MeanAbsolute(data, attributionColumnName);
        string[] names = Names(data, attributionColumnName, means.Length);
        int[] order = Ranked(means, maximumFeatures);
        using var plot = new Plot();
        for (int k = 0; k < order.Length; k++)
        {
            double y = order.Length - 1 - k;
            plot.Add.Bar(new Bar { Position = y, Value = means[order[k]], Orientation = Orientation.Horizontal, FillColor = Colors.SteelBlue });
        }

        plot.Axes.Left.SetTicks([.. order.Select((_, k) => (double)(order.Length - 1 - k))], [.. order.Select(i => names[i])]);
        plot.XLabel($"mean |{attributionColumnName}|");
        plot.Axes.Margins(left: 0);
        Save(plot, path, width, height);
    }

    /// <summary>Writes a PNG beeswarm-style chart: one line per feature (the most important at the top), a dot per row
    /// at its attribution, jittered vertically, coloured from blue (the feature's lowest value among the rows) to red
    /// (its highest). The file is written whole or not at all.</summary>
    /// <param name="data">Rows with the attribution and feature columns.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="attributionColumnName">Default "Attributions".</param>
    /// <param name="featureColumnName">The explained features, of the attributions' size. Default "Features".</param>
    /// <param name="maximumFeatures">The most features drawn, the most important. Default 20.</param>
    /// <param name="width">Pixels. Default 800.</param>
    /// <param name="height">Pixels. Default 600.</param>
    /// <exception cref="ArgumentException">The feature column's size differs from the attributions'.</exception>
    public static void SaveBeeswarmChart(IDataView data, string path, string attributionColumnName = ExplainabilityCatalog.DefaultAttributionColumnName,
        string featureColumnName = DefaultColumnNames.Features, int maximumFeatures = 20, int width = 800, int height = 600)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (phi, rows, size) = Read(data, attributionColumnName);
        var (features, _, featureSize) = Read(data, featureColumnName);
        if (featureSize != size)
        {
            throw new ArgumentException($"Column '{featureColumnName}' has {featureSize} slots; the attributions in '{attributionColumnName}' have {size}.", nameof(featureColumnName));
        }

        float[] means = MeanAbsolute(data, attributionColumnName);
        string[] names = Names(data, attributionColumnName, size);
        int[] order = Ranked(means, maximumFeatures);
        var jitter = new Random(0);
        var colormap = new ScottPlot.Colormaps.Turbo();
        using var plot = new Plot();
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            double y = order.Length - 1 - k;
            float low = float.MaxValue, high = float.MinValue;
            for (int r = 0; r < rows; r++)
            {
                low = Math.Min(low, features[(r * size) + i]);
                high = Math.Max(high, features[(r * size) + i]);
            }

            for (int r = 0; r < rows; r++)
            {
                double t = high > low ? (features[(r * size) + i] - low) / (high - low) : 0.5;
                plot.Add.Marker(phi[(r * size) + i], y + ((jitter.NextDouble() - 0.5) * 0.6), MarkerShape.FilledCircle, 5, colormap.GetColor(t));
            }
        }

        plot.Axes.Left.SetTicks([.. order.Select((_, k) => (double)(order.Length - 1 - k))], [.. order.Select(i => names[i])]);
        plot.Add.VerticalLine(0, 1, Colors.Gray);
        plot.XLabel($"{attributionColumnName} (colour: the feature's value, blue low, red high)");
        Save(plot, path, width, height);
    }

    /// <summary>Writes <paramref name="plot"/> as a PNG of <paramref name="width"/> × <paramref name="height"/> pixels,
    /// whole or not at all.</summary>
    internal static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    private static int[] Ranked(float[] means, int maximumFeatures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumFeatures, 1);
        return [.. Enumerable.Range(0, means.Length).OrderByDescending(i => means[i]).Take(maximumFeatures)];
    }

    /// <summary>Every row's values of <paramref name="columnName"/>, a known-size vector of Single, one row after another.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or of another type.</exception>
    /// <exception cref="InvalidDataException">The data has no rows.</exception>
    internal static (float[] Values, int Rows, int Width) Read(IDataView data, string columnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column column = data.Schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(nameof(columnName), columnName, $"The data has no column '{columnName}'.");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } type || type.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(columnName), columnName, $"Column '{columnName}' is {column.Type}; a known-size vector of Single was expected.");
        }

        float[] values = ColumnReader.ReadSingleVectors(data, column, out int rows);
        return rows > 0 ? (values, rows, type.Size) : throw new InvalidDataException($"Column '{columnName}' has no rows to summarize.");
    }

    private static string[] Names(IDataView data, string columnName, int width)
    {
        DataViewSchema.Column column = data.Schema[columnName];
        if (column.HasSlotNames(width))
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            column.GetSlotNames(ref names);
            return [.. names.DenseValues().Select((n, i) => n.IsEmpty ? $"Feature {i}" : n.ToString())];
        }

        return [.. Enumerable.Range(0, width).Select(i => $"Feature {i}")];
    }
}
