// Forecasts the monthly sunspot number a year ahead in an ML.NET program. ML.NET's text loader reads the series; the
// package's ForecastByLstm, on ML.NET's forecasting catalog, trains an LSTM on every 36-month window of 1749–1973 (the
// series standardized inside the model, with a progress bar); the sample measures its error on 1974–2013 against the
// seasonal-naive forecast (the month one 11-year solar cycle earlier) and the naive one (the last month), saves the
// model with ML.NET and loads it back, forecasts a live series one month at a time with a time-series engine, with
// confidence bounds, and checkpoints the engine so that a reloaded model goes on from its last month. A forecaster
// carries its window from row to row, so it has no ONNX form (ConvertToOnnx refuses it).
// Run with: eng/run-sample.sh Forecasting
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Forecasting;

const int TrainMonths = 2700, Horizon = 12, SolarCycle = 132;
var ml = new MLContext(seed: 1);
string output = Path.Combine(AppContext.BaseDirectory, "output");
Directory.CreateDirectory(output);
IDataView series = ml.Data.Cache(ml.Data.LoadFromTextFile<Month>(Path.Combine(AppContext.BaseDirectory, "data", "sunspots-monthly.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true));
IDataView train = ml.Data.TakeRows(series, TrainMonths), test = ml.Data.SkipRows(series, TrainMonths);
float[] values = [.. series.GetColumn<float>(nameof(Month.Sunspots))];

var options = new LstmForecastingOptions
{
    OutputColumnName = "Forecast",
    InputColumnName = nameof(Month.Sunspots),
    WindowSize = 36,
    Horizon = Horizon,
    ConfidenceLowerBoundColumn = "Lower",
    ConfidenceUpperBoundColumn = "Upper",
    RecurrentUnits = [32],
    Epochs = 30,
    LearningRate = 3e-3f,
};
LstmForecastingTransformer forecaster = ConsoleTraining.Run("LSTM on sunspots", progress =>
{
    options.Progress = progress;
    return ml.Forecasting.ForecastByLstm(options).Fit(train);
});
var epochs = forecaster.Model.History.Epochs;
Console.WriteLine($"Trained for {epochs.Count} epochs: loss {epochs[0].Loss:F3} → {epochs[^1].Loss:F3} (mean squared error of the standardized series).");

// Each held-out month's forecast covers the 12 months after it.
Forecast[] forecasts = [.. ml.Data.CreateEnumerable<Forecast>(forecaster.Transform(test), reuseRowObject: false)];
double lstm = 0, seasonal = 0, naive = 0;
int count = 0, covered = 0;
for (int r = 0; r < forecasts.Length; r++)
{
    int t = TrainMonths + r;
    for (int h = 0; h < Horizon && t + h + 1 < values.Length; h++, count++)
    {
        float actual = values[t + h + 1];
        lstm += Math.Abs(forecasts[r].Values[h] - actual);
        seasonal += Math.Abs(values[t + h + 1 - SolarCycle] - actual);
        naive += Math.Abs(values[t] - actual);
        covered += actual >= forecasts[r].Lower[h] && actual <= forecasts[r].Upper[h] ? 1 : 0;
    }
}

(lstm, seasonal, naive) = (lstm / count, seasonal / count, naive / count);
Console.WriteLine($"Mean absolute error of {count} forecasts 1 to {Horizon} months ahead, 1974–2013: LSTM {lstm:F2}, seasonal-naive {seasonal:F2}, naive {naive:F2}.");
Console.WriteLine($"The 95 % bounds hold {covered / (double)count:P1} of the months (they come from the training error, so they are narrower than they should be).");

// Save with ML.NET and load back as another application would.
string modelPath = Path.Combine(output, "sunspots-lstm.zip");
ml.Model.Save(forecaster, series.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out _);
bool identical = ml.Data.CreateEnumerable<Forecast>(loaded.Transform(test), reuseRowObject: false).Zip(forecasts).All(p => p.First.Values.SequenceEqual(p.Second.Values));
Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length:N0} bytes); the reloaded model {(identical ? "forecasts identically" : "FORECASTS DIFFERENTLY")}.");

// A live series: the engine starts from the end of the training series; feed it the held-out months one at a time,
// then forecast the year after the last one, with the forecaster's 95 % bounds and with 80 % ones.
bool resumedIdentically;
using (var engine = loaded.CreateTimeSeriesEngine<Month, Forecast>(ml))
{
    foreach (float observed in values[TrainMonths..])
    {
        engine.Predict(new Month { Sunspots = observed });
    }

    Forecast next = engine.Predict(), narrower = engine.Predict(confidenceLevel: 0.8f);
    Console.WriteLine("The year after December 2013:");
    for (int h = 0; h < Horizon; h++)
    {
        Console.WriteLine($"  +{h + 1,2} months: {next.Values[h],6:F1}   95 % [{next.Lower[h],6:F1}, {next.Upper[h],6:F1}]   80 % [{narrower.Lower[h],6:F1}, {narrower.Upper[h],6:F1}]");
    }

    // The check point holds the model with the engine's window: loaded, it forecasts from December 2013.
    string checkpoint = Path.Combine(output, "sunspots-lstm-2013.zip");
    engine.CheckPoint(ml, checkpoint);
    using var resumed = ml.Model.Load(checkpoint, out _).CreateTimeSeriesEngine<Month, Forecast>(ml);
    resumedIdentically = resumed.Predict().Values.SequenceEqual(next.Values);
    Console.WriteLine($"Checkpointed the engine to {checkpoint}; a new engine over it {(resumedIdentically ? "forecasts the same year" : "FORECASTS ANOTHER YEAR")}.");
}

return identical && resumedIdentically && lstm < seasonal && lstm < naive ? 0 : 1;

/// <summary>One row of sunspots-monthly.csv.</summary>
internal sealed class Month
{
    [LoadColumn(1)]
    public float Sunspots { get; set; }
}

/// <summary>The forecaster's columns for one month.</summary>
internal sealed class Forecast
{
    [ColumnName("Forecast")]
    public float[] Values { get; set; } = [];

    public float[] Lower { get; set; } = [];

    public float[] Upper { get; set; } = [];
}
