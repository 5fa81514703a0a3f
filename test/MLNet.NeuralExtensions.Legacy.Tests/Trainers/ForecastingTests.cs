using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

[TestClass]
public sealed class ForecastingTests
{
    private const int Window = 36;
    private const int Horizon = 12;
    private const int TrainRows = 2700;

    [TestMethod]
    public void SunspotsForecastBeatsTheSeasonalNaiveForecast()
    {
        var ml = new MLContext(1);
        var (train, test, series) = Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(Options()).Fit(train);
        Forecast[] rows = [.. ml.Data.CreateEnumerable<Forecast>(model.Transform(test), false)];

        // Every forecast made from a test row whose targets lie inside the test part; the seasonal-naive forecast of
        // month t + h repeats month t + h − 132 (the 11-year solar cycle), the naive one repeats month t.
        double lstm = 0, seasonal = 0, naive = 0;
        int count = 0, covered = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            int t = TrainRows + r;
            for (int h = 0; h < Horizon && t + h + 1 < series.Length; h++)
            {
                float actual = series[t + h + 1];
                lstm += Math.Abs(rows[r].Sunspots[h] - actual);
                seasonal += Math.Abs(series[t + h + 1 - 132] - actual);
                naive += Math.Abs(series[t] - actual);
                covered += actual >= rows[r].Lower[h] && actual <= rows[r].Upper[h] ? 1 : 0;
                count++;
            }
        }

        (lstm, seasonal, naive) = (lstm / count, seasonal / count, naive / count);
        string report = $"MAE over {count} forecasts: LSTM {lstm:F2}, seasonal-naive {seasonal:F2}, naive {naive:F2}; 95 % bounds cover {covered / (double)count:P1}";
        Assert.IsTrue(lstm < seasonal, report);
        Assert.IsTrue(lstm < naive, report);
        var losses = model.Model.History.Epochs.Select(e => e.Loss).ToArray();
        Assert.IsTrue(losses[^1] < losses[0] / 2, $"the training loss falls: {losses[0]:F4} → {losses[^1]:F4}");
    }

    [TestMethod]
    public void BoundsAreTheForecastPlusMinusTheNormalQuantileTimesTheTrainingError()
    {
        var ml = new MLContext(1);
        var (train, test, _) = Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(Options(epochs: 2)).Fit(train);
        Assert.AreEqual(Horizon, model.ForecastErrors.Count);
        Assert.IsTrue(model.ForecastErrors.All(e => e > 0));
        foreach (Forecast row in ml.Data.CreateEnumerable<Forecast>(model.Transform(ml.Data.TakeRows(test, 50)), false))
        {
            for (int h = 0; h < Horizon; h++)
            {
                Assert.AreEqual(1.959964 * model.ForecastErrors[h], row.Upper[h] - row.Sunspots[h], 1e-3, $"step {h}: upper margin");
                Assert.AreEqual(row.Upper[h] - row.Sunspots[h], row.Sunspots[h] - row.Lower[h], 1e-3, $"step {h}: symmetric bounds");
            }
        }
    }

    [TestMethod]
    public void TimeSeriesEngineContinuesWhereTransformDoesAndCheckpointsItsWindow()
    {
        var ml = new MLContext(1);
        var (train, test, series) = Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(Options(epochs: 2)).Fit(train);
        IDataView first = ml.Data.TakeRows(test, 40);
        Forecast[] batch = [.. ml.Data.CreateEnumerable<Forecast>(model.Transform(first), false)];

        // Before any observation, the engine forecasts from the end of the training series: what the model says for
        // the last row when it reads the training series through.
        using var engine = model.CreateTimeSeriesEngine<Observation, Forecast>(ml);
        Forecast fromTraining = engine.Predict();
        Forecast lastTrainingRow = ml.Data.CreateEnumerable<Forecast>(model.Transform(train), false).Last();
        CollectionAssert.AreEqual(lastTrainingRow.Sunspots, fromTraining.Sunspots, "forecast from the training window");

        // One observation at a time, the engine gives what the batch transform gives row by row.
        for (int r = 0; r < 20; r++)
        {
            Forecast single = engine.Predict(new Observation { Sunspots = series[TrainRows + r] });
            CollectionAssert.AreEqual(batch[r].Sunspots, single.Sunspots, $"row {r}");
            CollectionAssert.AreEqual(batch[r].Upper, single.Upper, $"row {r} upper bounds");
        }

        CollectionAssert.AreEqual(batch[19].Sunspots, engine.Predict().Sunspots, "Predict() leaves the window as it is");

        // A checkpoint saves the window: a loaded copy goes on from row 20.
        using var files = new TempFiles();
        string path = files.PathOf("forecaster.zip");
        engine.CheckPoint(ml, path);
        using var resumed = ml.Model.Load(path, out _).CreateTimeSeriesEngine<Observation, Forecast>(ml);
        for (int r = 20; r < 40; r++)
        {
            CollectionAssert.AreEqual(batch[r].Sunspots, resumed.Predict(new Observation { Sunspots = series[TrainRows + r] }).Sunspots, $"resumed row {r}");
        }

        // The model itself still starts from the training window.
        CollectionAssert.AreEqual(batch[0].Sunspots, ml.Data.CreateEnumerable<Forecast>(model.Transform(first), false).First().Sunspots);
    }

    [TestMethod]
    public void SameSeedSameForecastsAndSaveLoadKeepsThem()
    {
        var ml = new MLContext(1);
        var (train, test, _) = Sunspots(ml);
        IDataView head = ml.Data.TakeRows(test, 30);
        float[] Run(ITransformer m) => [.. ml.Data.CreateEnumerable<Forecast>(m.Transform(head), false).SelectMany(f => f.Sunspots.Concat(f.Lower))];
        var estimator = ml.Forecasting.ForecastByLstm(Options(epochs: 1));
        SchemaShape promised = estimator.GetOutputSchema(SchemaShape.Create(train.Schema));
        var model = estimator.Fit(train);
        Assert.AreEqual(SchemaShape.Create(model.GetOutputSchema(train.Schema)).First(c => c.Name == "Upper").ToString(), promised.First(c => c.Name == "Upper").ToString());
        float[] scores = Run(model);
        CollectionAssert.AreEqual(scores, Run(ml.Forecasting.ForecastByLstm(Options(epochs: 1)).Fit(train)), "same seed");
        CollectionAssert.AreNotEqual(scores, Run(ml.Forecasting.ForecastByLstm(Options(epochs: 1, seed: 2)).Fit(train)), "another seed");
        CollectionAssert.AreEqual(scores, Run(PipelineChecks.SaveAndLoad(ml, model, train)), "after save and load");
    }

    [TestMethod]
    public void BadSeriesFailsWithTheColumnAndRow()
    {
        var ml = new MLContext(1);
        IDataView withGap = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new Observation { Sunspots = i == 41 ? float.NaN : i }));
        var nan = Assert.ThrowsExactly<InvalidDataException>(() => ml.Forecasting.ForecastByLstm("F", "Sunspots", 5, 2).Fit(withGap));
        StringAssert.Contains(nan.Message, "Series column 'Sunspots', row 41: the value is NaN");
        IDataView shortSeries = ml.Data.TakeRows(withGap, 6);
        var tooShort = Assert.ThrowsExactly<InvalidDataException>(() => ml.Forecasting.ForecastByLstm("F", "Sunspots", 5, 2).Fit(shortSeries));
        StringAssert.Contains(tooShort.Message, "has 6 rows; a window of 5 and a horizon of 2 need at least 7");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Forecasting.ForecastByLstm("F", "Nope", 5, 2).Fit(shortSeries));
        StringAssert.Contains(missing.Message, "Nope");
        Assert.ThrowsExactly<ArgumentException>(() => ml.Forecasting.ForecastByLstm("F", "Sunspots", 5, 2, confidenceLowerBoundColumn: "L"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Forecasting.ForecastByLstm("F", "Sunspots", 0, 2));

        // Scoring a series with a gap names the row; ONNX has no form for a stateful forecaster.
        var model = ml.Forecasting.ForecastByLstm(new LstmForecastingOptions { OutputColumnName = "F", InputColumnName = "Sunspots", WindowSize = 5, Horizon = 2, Epochs = 1, RecurrentUnits = [4] })
            .Fit(ml.Data.TakeRows(withGap, 40));
        var gap = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.CreateEnumerable<GapForecast>(model.Transform(withGap), false).ToArray());
        StringAssert.Contains(gap.Message, "row 41");
        var onnx = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, withGap, new MemoryStream()));
        StringAssert.Contains(onnx.Message, nameof(LstmForecastingTransformer));
    }

    private static LstmForecastingOptions Options(int epochs = 30, int seed = 1) => new()
    {
        OutputColumnName = "Forecast",
        InputColumnName = "Sunspots",
        WindowSize = Window,
        Horizon = Horizon,
        ConfidenceLowerBoundColumn = "Lower",
        ConfidenceUpperBoundColumn = "Upper",
        RecurrentUnits = [32],
        Epochs = epochs,
        LearningRate = 3e-3f,
        Seed = seed,
    };

    /// <summary>The first 2,700 months to train on, the remaining 477 to forecast, and the whole series.</summary>
    private static (IDataView Train, IDataView Test, float[] Series) Sunspots(MLContext ml)
    {
        IDataView all = ml.Data.LoadFromTextFile(Path.Combine("TestData", "sunspots-monthly.csv"),
            [new TextLoader.Column("Month", DataKind.Single, 0), new TextLoader.Column("Sunspots", DataKind.Single, 1)], separatorChar: ',', hasHeader: true, allowQuoting: true);
        all = ml.Data.Cache(all);
        float[] series = [.. ml.Data.CreateEnumerable<Observation>(all, false).Select(o => o.Sunspots)];
        return (ml.Data.TakeRows(all, TrainRows), ml.Data.SkipRows(all, TrainRows), series);
    }

    private sealed class Observation
    {
        public float Sunspots { get; set; }
    }

    private sealed class GapForecast
    {
        public float[] F { get; set; } = [];
    }

    private sealed class Forecast
    {
        [ColumnName("Forecast")]
        public float[] Sunspots { get; set; } = [];

        public float[] Lower { get; set; } = [];

        public float[] Upper { get; set; } = [];
    }
}
