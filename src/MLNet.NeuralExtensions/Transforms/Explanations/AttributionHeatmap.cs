using Microsoft.ML;
using Microsoft.ML.Data;
using ScottPlot;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Heat-map pictures of attributions over image inputs, one PNG per example: the image in grey (the mean of its
/// channels, from its darkest to its brightest pixel) with each pixel's attribution overlaid as a colour map (Turbo, from
/// 0 to the example's largest value), drawn through ScottPlot. A pixel's attribution is the absolute value of the sum of
/// its channels' attributions, as Captum's <c>visualize_image_attr</c> draws a heat map by default, so that Grad-CAM
/// maps (<c>ExplainByGradCam</c>, one value per pixel) and per-feature attributions (<c>ExplainByIntegratedGradients</c>,
/// <c>ExplainBySaliency</c>, one value per channel and pixel) are drawn alike.
/// </summary>
public static class AttributionHeatmap
{
    /// <summary>Writes one heat map per row of <paramref name="data"/>, up to <paramref name="maximumRows"/>, into
    /// <paramref name="directory"/> (created when missing) as "{fileNamePrefix}{row}.png", row counted from 0. Each file
    /// is written whole or not at all.</summary>
    /// <param name="data">Rows with the image and attribution columns.</param>
    /// <param name="directory">Where the pictures go.</param>
    /// <param name="imageHeight">The images' height in pixels.</param>
    /// <param name="imageWidth">The images' width in pixels.</param>
    /// <param name="attributionColumnName">Per-pixel or per-feature attributions. Default "Attributions".</param>
    /// <param name="featureColumnName">The images, channels × height × width values, channels first (as the Cnn
    /// trainer reads them). Default "Features".</param>
    /// <param name="fileNamePrefix">The start of each file's name. Default "heatmap-".</param>
    /// <param name="maximumRows">The most rows drawn, the first ones. Default 20.</param>
    /// <param name="pixelsPerCell">The picture's pixels per image pixel, each way. Default 32.</param>
    /// <param name="opacity">The colour map's opacity over the grey image, from 0 (the image only) to 1 (the map only).
    /// Default 0.5.</param>
    /// <returns>The paths written, in row order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or not a known-size vector of Single, or a size
    /// or the opacity is out of range.</exception>
    /// <exception cref="ArgumentException">A column's size is not a whole number of height × width images; the message
    /// gives both.</exception>
    public static IReadOnlyList<string> SaveAll(IDataView data, string directory, int imageHeight, int imageWidth,
        string attributionColumnName = ExplainabilityCatalog.DefaultAttributionColumnName, string featureColumnName = DefaultColumnNames.Features,
        string fileNamePrefix = "heatmap-", int maximumRows = 20, int pixelsPerCell = 32, float opacity = 0.5f)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(fileNamePrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumRows, 1);
        var (images, rows, imageSize) = AttributionSummary.Read(data, featureColumnName);
        var (attributions, _, attributionSize) = AttributionSummary.Read(data, attributionColumnName);
        Channels(imageSize, imageHeight, imageWidth, featureColumnName);
        Channels(attributionSize, imageHeight, imageWidth, attributionColumnName);
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        for (int r = 0; r < Math.Min(rows, maximumRows); r++)
        {
            string path = Path.Combine(directory, $"{fileNamePrefix}{r}.png");
            Save(images.AsSpan(r * imageSize, imageSize), attributions.AsSpan(r * attributionSize, attributionSize), imageHeight, imageWidth, path, pixelsPerCell, opacity);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>Writes the heat map of one example as a PNG of (<paramref name="imageWidth"/> × <paramref name="pixelsPerCell"/>)
    /// × (<paramref name="imageHeight"/> × <paramref name="pixelsPerCell"/>) pixels, whole or not at all.</summary>
    /// <param name="image">The image, channels × height × width values, channels first.</param>
    /// <param name="attributions">Its attributions: height × width values (one per pixel) or one per image value.</param>
    /// <param name="imageHeight">The image's height in pixels.</param>
    /// <param name="imageWidth">The image's width in pixels.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="pixelsPerCell">The picture's pixels per image pixel, each way. Default 32.</param>
    /// <param name="opacity">The colour map's opacity, 0 to 1. Default 0.5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the opacity is out of range.</exception>
    /// <exception cref="ArgumentException">A size is not a whole number of height × width images, or a value is NaN or
    /// infinite; the message gives the sizes or the position.</exception>
    public static void Save(ReadOnlySpan<float> image, ReadOnlySpan<float> attributions, int imageHeight, int imageWidth, string path, int pixelsPerCell = 32, float opacity = 0.5f)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerCell, 1);
        if (!(opacity is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(opacity), opacity, "The opacity must be from 0 to 1.");
        }

        double[,] grey = Pixels(image, imageHeight, imageWidth, nameof(image), absolute: false);
        double[,] heat = Pixels(attributions, imageHeight, imageWidth, nameof(attributions), absolute: true);
        using var plot = new Plot();
        ScottPlot.Plottables.Heatmap background = plot.Add.Heatmap(grey);
        background.Colormap = new ScottPlot.Colormaps.Grayscale();
        background.ManualRange = Range(grey);
        ScottPlot.Plottables.Heatmap overlay = plot.Add.Heatmap(heat);
        overlay.Colormap = new ScottPlot.Colormaps.Turbo();
        overlay.ManualRange = new ScottPlot.Range(0, Math.Max(Range(heat).Max, double.Epsilon));
        overlay.Opacity = opacity;
        plot.Layout.Frameless();
        plot.Axes.Margins(0, 0);
        AttributionSummary.Save(plot, path, imageWidth * pixelsPerCell, imageHeight * pixelsPerCell);
    }

    // The number of height × width images in a vector of size values.
    private static int Channels(int size, int height, int width, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        int plane = height * width;
        return size > 0 && size % plane == 0
            ? size / plane
            : throw new ArgumentException($"'{name}' has {size} values, which is not a whole number of {height} × {width} images.", name);
    }

    // One value per pixel, row 0 at the top: the mean of the channels, or the absolute value of their sum.
    private static double[,] Pixels(ReadOnlySpan<float> values, int height, int width, string name, bool absolute)
    {
        int channels = Channels(values.Length, height, width, name), plane = height * width;
        var pixels = new double[height, width];
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"'{name}' value {i} is {values[i]}; a picture needs finite values.", name);
            }

            pixels[i % plane / width, i % width] += values[i];
        }

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                pixels[y, x] = absolute ? Math.Abs(pixels[y, x]) : pixels[y, x] / channels;
            }
        }

        return pixels;
    }

    private static ScottPlot.Range Range(double[,] values)
    {
        double low = values.Cast<double>().Min(), high = values.Cast<double>().Max();
        return new ScottPlot.Range(low, high > low ? high : low + 1);
    }
}
