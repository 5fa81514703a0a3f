using Microsoft.ML;

namespace MLNet.NeuralExtensions.Tests.Forecasting;

[TestClass]
public sealed class LstmForecastingQualityTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void SunspotsYearAheadBeatsTheSeasonalNaiveAndNaiveForecasts()
    {
        // Trained on 1749–1973, forecasting 1 to 12 months ahead from every month of 1974–2013; the seasonal-naive
        // forecast of a month repeats the month 132 earlier (the 11-year solar cycle), the naive one the last month.
        var ml = new MLContext(1);
        var (train, test, series) = ForecastingData.Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(ForecastingData.Options("Sunspots", window: 36, horizon: 12, units: 32, epochs: 30, batchSize: 32)).Fit(train);
        var accuracy = ForecastingData.Evaluate(ml, model.Transform(test), series, ForecastingData.SunspotTrainMonths, season: 132);
        TestContext.WriteLine(accuracy.ToString());
        Assert.IsLessThan(accuracy.SeasonalNaive, accuracy.Model, accuracy.ToString());
        Assert.IsLessThan(accuracy.Naive, accuracy.Model, accuracy.ToString());
        double[] losses = [.. model.Model.History.Epochs.Select(e => e.Loss)];
        Assert.IsLessThan(losses[0] / 2, losses[^1], $"the training loss falls: {losses[0]:F4} → {losses[^1]:F4}");
    }

    [TestMethod]
    public void AirPassengersTwoYearsHeldOutBeatTheNaiveForecast()
    {
        // Trained on 1949–1958, forecasting 1 to 12 months ahead from every month of 1959–1960. The traffic grows by
        // about 15 % a year, so the held-out months lie above the training range, which a network reading the
        // standardized level does not reach: the forecaster beats the naive forecast (the last month), not the
        // seasonal-naive one (the month a year earlier), and its in-sample bounds are far too narrow (README).
        var ml = new MLContext(1);
        var (all, series) = ForecastingData.Load(ml, "air-passengers.csv", "Passengers");
        const int TrainMonths = 120;
        var model = ml.Forecasting.ForecastByLstm(ForecastingData.Options("Passengers", window: 24, horizon: 12, units: 32, epochs: 200, batchSize: 16))
            .Fit(ml.Data.TakeRows(all, TrainMonths));
        var accuracy = ForecastingData.Evaluate(ml, model.Transform(ml.Data.SkipRows(all, TrainMonths)), series, TrainMonths, season: 12);
        TestContext.WriteLine(accuracy.ToString());
        Assert.IsLessThan(accuracy.Naive, accuracy.Model, accuracy.ToString());
    }
}
