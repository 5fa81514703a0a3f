using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Forecasting;

namespace MLNet.NeuralExtensions.Tests.Forecasting;

/// <summary>The monthly series the forecasting tests learn, loaded with ML.NET's text loader as a user would ("Month",
/// and the series as Single), and the held-out accuracy of a forecaster against the naive forecasts.</summary>
internal static class ForecastingData
{
    /// <summary>The sunspot months trained on (1749–1973); the remaining 477 (1974–2013) are held out.</summary>
    public const int SunspotTrainMonths = 2700;

    /// <summary>A series file of test/TestData as "Month" and <paramref name="column"/>, cached, and its values.</summary>
    public static (IDataView All, float[] Series) Load(MLContext ml, string file, string column)
    {
        IDataView all = ml.Data.Cache(ml.Data.LoadFromTextFile(Path.Combine("TestData", file),
            [new TextLoader.Column("Month", DataKind.Single, 0), new TextLoader.Column(column, DataKind.Single, 1)], separatorChar: ',', hasHeader: true, allowQuoting: true));
        return (all, [.. all.GetColumn<float>(column)]);
    }

    /// <summary>Monthly sunspot numbers ("Sunspots"): the first <paramref name="trainMonths"/> months, the rest, and the
    /// whole series.</summary>
    public static (IDataView Train, IDataView Test, float[] Series) Sunspots(MLContext ml, int trainMonths = SunspotTrainMonths)
    {
        var (all, series) = Load(ml, "sunspots-monthly.csv", "Sunspots");
        return (ml.Data.TakeRows(all, trainMonths), ml.Data.SkipRows(all, trainMonths), series);
    }

    /// <summary>A forecaster of <paramref name="series"/> into "Forecast", with bounds "Lower" and "Upper", one recurrent
    /// layer, Adam at 0.003.</summary>
    public static LstmForecastingOptions Options(string series, int window, int horizon, int units, int epochs, int batchSize, int? seed = 1) => new()
    {
        OutputColumnName = "Forecast",
        InputColumnName = series,
        WindowSize = window,
        Horizon = horizon,
        ConfidenceLowerBoundColumn = "Lower",
        ConfidenceUpperBoundColumn = "Upper",
        RecurrentUnits = [units],
        Epochs = epochs,
        BatchSize = batchSize,
        LearningRate = 3e-3f,
        Seed = seed,
    };

    /// <summary>A small, quick sunspot forecaster: a window of 12, a horizon of 3, 8 units.</summary>
    public static LstmForecastingOptions Small(int epochs = 2, int? seed = 1) => Options("Sunspots", window: 12, horizon: 3, units: 8, epochs, batchSize: 64, seed);

    /// <summary>The forecasts of <paramref name="scored"/> (the forecaster's output over the held-out rows, which follow
    /// <paramref name="trainRows"/> training rows of <paramref name="series"/>) against the naive forecast (the last
    /// observation) and the seasonal-naive one (the value <paramref name="season"/> months earlier): the mean absolute
    /// error of every forecast whose month lies in the series, and how often the bounds hold the value.</summary>
    public static Accuracy Evaluate(MLContext ml, IDataView scored, float[] series, int trainRows, int season)
    {
        Forecast[] rows = [.. ml.Data.CreateEnumerable<Forecast>(scored, reuseRowObject: false)];
        double model = 0, seasonal = 0, naive = 0;
        int count = 0, covered = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            int t = trainRows + r;
            for (int h = 0; h < rows[r].Values.Length && t + h + 1 < series.Length; h++, count++)
            {
                float actual = series[t + h + 1];
                model += Math.Abs(rows[r].Values[h] - actual);
                seasonal += Math.Abs(series[t + h + 1 - season] - actual);
                naive += Math.Abs(series[t] - actual);
                covered += actual >= rows[r].Lower[h] && actual <= rows[r].Upper[h] ? 1 : 0;
            }
        }

        return new Accuracy(model / count, seasonal / count, naive / count, covered / (double)count, count);
    }

    /// <summary>The shape ML.NET's pipelines pass to an estimator's <c>GetOutputSchema</c> for data of
    /// <paramref name="schema"/> (ML.NET keeps <c>SchemaShape.Create</c> to itself).</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, [typeof(DataViewSchema)])!.Invoke(null, [schema])!;

    /// <summary>Held-out mean absolute errors and the bounds' coverage.</summary>
    public sealed record Accuracy(double Model, double SeasonalNaive, double Naive, double Coverage, int Count)
    {
        public override string ToString() => $"MAE over {Count} forecasts: LSTM {Model:F2}, seasonal-naive {SeasonalNaive:F2}, naive {Naive:F2}; bounds cover {Coverage:P1}";
    }
}

/// <summary>One month of the sunspot series.</summary>
internal sealed class SunspotMonth
{
    public float Sunspots { get; set; }
}

/// <summary>A forecaster's output columns.</summary>
internal sealed class Forecast
{
    [ColumnName("Forecast")]
    public float[] Values { get; set; } = [];

    public float[] Lower { get; set; } = [];

    public float[] Upper { get; set; } = [];
}
