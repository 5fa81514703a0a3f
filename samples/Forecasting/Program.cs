// The LSTM sample: forecast the monthly sunspot number a year ahead. The forecaster standardizes the series inside the
// model and trains an LSTM on every 36-month window of the first 2,700 months (with a progress bar); then the sample
// measures its error on the remaining months against the naive forecast, saves and reloads the model, and forecasts a
// live series one observation at a time with a time-series engine, checkpointing its window. A forecaster carries
// state from row to row, so it has no row-by-row ONNX form; the CNN and tabular samples show ONNX scoring.
// Run with: dotnet run --project samples/Forecasting -c Release
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Trainers;

const int TrainMonths = 2700, Horizon = 12;
var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "sunspots-monthly.csv");
IDataView series = ml.Data.Cache(ml.Data.LoadFromTextFile<Month>(dataPath, separatorChar: ',', hasHeader: true, allowQuoting: true));
IDataView train = ml.Data.TakeRows(series, TrainMonths), test = ml.Data.SkipRows(series, TrainMonths);
float[] values = [.. ml.Data.CreateEnumerable<Month>(series, reuseRowObject: false).Select(m => m.Sunspots)];

var forecaster = ConsoleTraining.Run("LSTM on sunspots", progress => ml.Forecasting.ForecastByLstm(new LstmForecastingOptions
{
    OutputColumnName = "Forecast",
    InputColumnName = "Sunspots",
    WindowSize = 36,
    Horizon = Horizon,
    ConfidenceLowerBoundColumn = "Lower",
    ConfidenceUpperBoundColumn = "Upper",
    RecurrentUnits = [32],
    Epochs = 30,
    LearningRate = 3e-3f,
    Seed = 1,
    Progress = progress,
}).Fit(train));
Console.WriteLine($"Trained for {forecaster.Model.History.Epochs.Count} epochs: loss {forecaster.Model.History.Epochs[0].Loss:F3} → {forecaster.Model.History.Epochs[^1].Loss:F3}.");

// Each test month's forecast covers the 12 months after it; compare with repeating the month's own value.
Forecast[] forecasts = [.. ml.Data.CreateEnumerable<Forecast>(forecaster.Transform(test), reuseRowObject: false)];
double lstm = 0, naive = 0;
int count = 0;
for (int r = 0; r < forecasts.Length; r++)
{
    for (int h = 0; h < Horizon && TrainMonths + r + h + 1 < values.Length; h++, count++)
    {
        float actual = values[TrainMonths + r + h + 1];
        lstm += Math.Abs(forecasts[r].Values[h] - actual);
        naive += Math.Abs(values[TrainMonths + r] - actual);
    }
}

Console.WriteLine($"Mean absolute error over {count} forecasts of 1 to {Horizon} months: LSTM {lstm / count:F2}, naive {naive / count:F2}.");

string modelPath = Path.Combine(Path.GetTempPath(), "sunspots-lstm.zip");
ml.Model.Save(forecaster, series.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out _);
bool identical = ml.Data.CreateEnumerable<Forecast>(loaded.Transform(test), reuseRowObject: false).Zip(forecasts).All(p => p.First.Values.SequenceEqual(p.Second.Values));
Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length} bytes); the reloaded model {(identical ? "forecasts identically" : "FORECASTS DIFFERENTLY")}.");

// A live series: feed the test months one at a time, then forecast the year after the last one.
using (var engine = loaded.CreateTimeSeriesEngine<Month, Forecast>(ml))
{
    foreach (float observed in values[TrainMonths..])
    {
        engine.Predict(new Month { Sunspots = observed });
    }

    Forecast next = engine.Predict();
    Console.WriteLine("The year after the last month, with 95 % bounds:");
    for (int h = 0; h < Horizon; h++)
    {
        Console.WriteLine($"  +{h + 1,2} months: {next.Values[h],6:F1}  [{next.Lower[h],6:F1}, {next.Upper[h],6:F1}]");
    }

    string checkpoint = Path.Combine(Path.GetTempPath(), "sunspots-lstm-live.zip");
    engine.CheckPoint(ml, checkpoint);
    Console.WriteLine($"Checkpointed the engine's window to {checkpoint}.");
}

return identical && lstm < naive ? 0 : 1;

/// <summary>One row of sunspots-monthly.csv.</summary>
internal sealed class Month
{
    [LoadColumn(1)]
    public float Sunspots { get; set; }
}

/// <summary>The forecaster's outputs for one month.</summary>
internal sealed class Forecast
{
    [ColumnName("Forecast")]
    public float[] Values { get; set; } = [];

    public float[] Lower { get; set; } = [];

    public float[] Upper { get; set; } = [];
}
