using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Forecasting;
using MLNet.NeuralExtensions.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Tests.Forecasting;

[TestClass]
public sealed class ForecastingPredictionEngineTests
{
    private const int TrainMonths = ForecastingData.SunspotTrainMonths;

    [TestMethod]
    public void TheEngineForecastsAsTheTransformDoesOneObservationAtATime()
    {
        var ml = new MLContext(1);
        var (train, test, series) = ForecastingData.Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(ForecastingData.Small()).Fit(train);
        Forecast[] batch = [.. ml.Data.CreateEnumerable<Forecast>(model.Transform(test), false)];

        // Before any observation, the engine forecasts from the end of the training series: what the transform gives
        // after the last training row, having read the training series through.
        using var engine = model.CreateTimeSeriesEngine<SunspotMonth, Forecast>(ml);
        Forecast fromTraining = engine.Predict();
        Forecast lastTrainingRow = ml.Data.CreateEnumerable<Forecast>(model.Transform(train), false).Last();
        CollectionAssert.AreEqual(lastTrainingRow.Values, fromTraining.Values, "the forecast from the training window");
        CollectionAssert.AreEqual(lastTrainingRow.Upper, fromTraining.Upper);
        for (int r = 0; r < 30; r++)
        {
            Forecast single = engine.Predict(new SunspotMonth { Sunspots = series[TrainMonths + r] });
            CollectionAssert.AreEqual(batch[r].Values, single.Values, $"row {r}");
            CollectionAssert.AreEqual(batch[r].Lower, single.Lower, $"row {r} lower bounds");
            CollectionAssert.AreEqual(batch[r].Upper, single.Upper, $"row {r} upper bounds");
        }

        CollectionAssert.AreEqual(batch[29].Values, engine.Predict().Values, "Predict() leaves the window as it is");
        CollectionAssert.AreEqual(batch[29].Values, engine.Predict().Values, "twice");

        // The ref overload: a null prediction only adds the observation.
        Forecast? none = null;
        engine.Predict(new SunspotMonth { Sunspots = series[TrainMonths + 30] }, ref none!);
        Assert.IsNull(none);
        var filled = new Forecast();
        engine.Predict(new SunspotMonth { Sunspots = series[TrainMonths + 31] }, ref filled);
        CollectionAssert.AreEqual(batch[31].Values, filled.Values, "row 31 after an update-only call");

        // The model itself still starts from the training window.
        CollectionAssert.AreEqual(batch[0].Values, ml.Data.CreateEnumerable<Forecast>(model.Transform(test), false).First().Values);
    }

    [TestMethod]
    public void ACheckPointSavesTheWindowAndTheLoadedModelGoesOnFromThereInAnotherProcess()
    {
        var ml = new MLContext(1);
        var (train, test, series) = ForecastingData.Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(ForecastingData.Small()).Fit(train);
        using var engine = model.CreateTimeSeriesEngine<SunspotMonth, Forecast>(ml);
        for (int r = 0; r < 20; r++)
        {
            engine.Predict(new SunspotMonth { Sunspots = series[TrainMonths + r] });
        }

        using var files = new TempFiles();
        string checkpoint = files.PathOf("checkpoint.zip");
        engine.CheckPoint(ml, checkpoint);
        Forecast[] expected = [.. Enumerable.Range(20, 40).Select(r => engine.Predict(new SunspotMonth { Sunspots = series[TrainMonths + r] }))];

        // A new engine over the loaded check point, in this process.
        ITransformer loaded = ml.Model.Load(checkpoint, out _);
        using (var resumed = loaded.CreateTimeSeriesEngine<SunspotMonth, Forecast>(ml))
        {
            for (int i = 0; i < expected.Length; i++)
            {
                CollectionAssert.AreEqual(expected[i].Values, resumed.Predict(new SunspotMonth { Sunspots = series[TrainMonths + 20 + i] }).Values, $"resumed row {20 + i}");
            }
        }

        // The check point's transform, in another process, over the months after it.
        string input = files.PathOf("next.idv"), output = files.PathOf("forecasts.idv");
        using (FileStream stream = File.Create(input))
        {
            ml.Data.SaveAsBinary(ml.Data.TakeRows(ml.Data.SkipRows(test, 20), 40), stream);
        }

        ModelHost.Run(checkpoint, input, output);
        Forecast[] child = [.. ml.Data.CreateEnumerable<Forecast>(ml.Data.LoadFromBinary(output), false)];
        Assert.HasCount(expected.Length, child);
        for (int i = 0; i < expected.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i].Values, child[i].Values, $"row {20 + i} in the other process");
            CollectionAssert.AreEqual(expected[i].Lower, child[i].Lower, $"row {20 + i} lower bounds in the other process");
        }
    }

    [TestMethod]
    public void HorizonAndConfidenceLevelMayBeAskedPerCall()
    {
        var ml = new MLContext(1);
        var (train, _, series) = ForecastingData.Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(ForecastingData.Small()).Fit(train);
        using var engine = model.CreateTimeSeriesEngine<SunspotMonth, Forecast>(ml);
        var observation = new SunspotMonth { Sunspots = series[TrainMonths] };
        Forecast two = engine.Predict(observation, horizon: 2);
        Forecast all = engine.Predict();
        CollectionAssert.AreEqual(all.Values[..2], two.Values, "the first two steps");
        Assert.HasCount(2, two.Upper);

        Forecast narrow = engine.Predict(horizon: 3, confidenceLevel: 0.5f);
        double z = SpecialFunctions.NormalQuantile(0.75);
        for (int h = 0; h < 3; h++)
        {
            Assert.AreEqual(z * model.ForecastErrors[h], narrow.Upper[h] - narrow.Values[h], 1e-3, $"step {h + 1} at 50 %");
        }

        CollectionAssert.AreEqual(all.Upper, engine.Predict().Upper, "the next call is at the forecaster's level again");
        var tooFar = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => engine.Predict(observation, horizon: 4));
        StringAssert.Contains(tooFar.Message, "forecasts 3 values after each observation; ask for 1 to 3");
        Assert.AreEqual("horizon", tooFar.ParamName);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => engine.Predict(horizon: 0));
        var level = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => engine.Predict(observation, confidenceLevel: 1f));
        StringAssert.Contains(level.Message, "The confidence level is 1; it must be in (0, 1)");
        CollectionAssert.AreEqual(all.Values, engine.Predict().Values, "a refused call adds no observation");
    }

    [TestMethod]
    public void TheEngineRunsTheModelsOtherTransformsAroundTheForecaster()
    {
        // Passengers on a log scale: ML.NET's expression transform before the forecaster, and after it, back.
        var ml = new MLContext(1);
        var (all, series) = ForecastingData.Load(ml, "air-passengers.csv", "Passengers");
        var pipeline = ml.Transforms.Expression("LogPassengers", "x => log(x)", "Passengers")
            .Append(ml.Forecasting.ForecastByLstm(new LstmForecastingOptions { OutputColumnName = "LogForecast", InputColumnName = "LogPassengers", WindowSize = 12, Horizon = 6, RecurrentUnits = [8], Epochs = 20, Seed = 1 }))
            .Append(ml.Transforms.Expression("Forecast", "v => exp(v)", "LogForecast"));
        var model = pipeline.Fit(ml.Data.TakeRows(all, 120));
        float[][] batch = [.. model.Transform(ml.Data.SkipRows(all, 120)).GetColumn<float[]>("Forecast")];
        Assert.IsTrue(batch[0].All(v => v > 100f), $"passengers, not their logarithms (about 6): {string.Join(", ", batch[0])}");

        using var engine = model.CreateTimeSeriesEngine<Passengers, PassengerForecast>(ml);
        for (int r = 0; r < 10; r++)
        {
            CollectionAssert.AreEqual(batch[r], engine.Predict(new Passengers { Value = series[120 + r] }).Forecast, $"row {r}");
        }

        using var files = new TempFiles();
        string checkpoint = files.PathOf("checkpoint.zip");
        engine.CheckPoint(ml, checkpoint);
        ITransformer loaded = ml.Model.Load(checkpoint, out _);
        CollectionAssert.AreEqual(batch[10], loaded.CreateTimeSeriesEngine<Passengers, PassengerForecast>(ml).Predict(new Passengers { Value = series[130] }).Forecast, "the check point holds the whole pipeline");
    }

    [TestMethod]
    public void AMissingObservationIsNamedAndLeavesTheWindowAsItWas()
    {
        var ml = new MLContext(1);
        var (train, _, series) = ForecastingData.Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(ForecastingData.Small()).Fit(train);
        using var engine = model.CreateTimeSeriesEngine<SunspotMonth, Forecast>(ml);
        engine.Predict(new SunspotMonth { Sunspots = series[TrainMonths] });
        Forecast before = engine.Predict();
        var error = Assert.ThrowsExactly<InvalidDataException>(() => engine.Predict(new SunspotMonth { Sunspots = float.NaN }));
        StringAssert.Contains(error.Message, "Series column 'Sunspots', observation 1: the value is NaN");
        CollectionAssert.AreEqual(before.Values, engine.Predict().Values);

        var noForecaster = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.CopyColumns("A", "Sunspots").Fit(train).CreateTimeSeriesEngine<SunspotMonth, Forecast>(ml));
        StringAssert.Contains(noForecaster.Message, "holds no LstmForecastingTransformer");
    }

    private sealed class Passengers
    {
        [ColumnName("Passengers")]
        public float Value { get; set; }
    }

    private sealed class PassengerForecast
    {
        public float[] Forecast { get; set; } = [];
    }
}
