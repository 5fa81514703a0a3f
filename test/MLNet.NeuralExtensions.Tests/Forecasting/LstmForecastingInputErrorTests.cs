using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Forecasting;

namespace MLNet.NeuralExtensions.Tests.Forecasting;

[TestClass]
public sealed class LstmForecastingInputErrorTests
{
    [TestMethod]
    public void ASeriesColumnThatIsMissingOrNotSingleIsNamed()
    {
        var ml = new MLContext(1);
        IDataView doubles = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new DoubleMonth { Sunspots = i }));
        var estimator = ml.Forecasting.ForecastByLstm("Forecast", "Sunspots", windowSize: 5, horizon: 2);
        var notSingle = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(doubles));
        StringAssert.Contains(notSingle.Message, "series column 'Sunspots': expected Single, got Double");
        var promised = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(ForecastingData.ShapeOf(doubles.Schema)));
        StringAssert.Contains(promised.Message, "series column 'Sunspots': expected Single, got Double");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Forecasting.ForecastByLstm("Forecast", "Nope", 5, 2).Fit(doubles));
        StringAssert.Contains(missing.Message, "Could not find series column 'Nope'");

        // A trained forecaster checks the data it transforms too.
        var model = ml.Forecasting.ForecastByLstm(Tiny()).Fit(Series(ml, 40));
        var transform = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(doubles));
        StringAssert.Contains(transform.Message, "series column 'Sunspots': expected Single, got Double");
    }

    [TestMethod]
    public void AMissingObservationIsNamedByColumnAndRow()
    {
        var ml = new MLContext(1);
        IDataView withGap = Series(ml, 60, gapAt: 41);
        var training = Assert.ThrowsExactly<InvalidDataException>(() => ml.Forecasting.ForecastByLstm(Tiny()).Fit(withGap));
        StringAssert.Contains(training.Message, "Series column 'Sunspots', row 41: the value is NaN");

        var model = ml.Forecasting.ForecastByLstm(Tiny()).Fit(ml.Data.TakeRows(withGap, 40));
        var scoring = Assert.ThrowsExactly<InvalidDataException>(() => model.Transform(withGap).GetColumn<float[]>("Forecast").ToArray());
        StringAssert.Contains(scoring.Message, "Series column 'Sunspots', row 41: the value is NaN");
        Assert.HasCount(60, model.Transform(withGap).GetColumn<float>("Sunspots").ToArray(), "a cursor without the forecast columns reads no observation");
    }

    [TestMethod]
    [DataRow(0, 2, "WindowSize")]
    [DataRow(-3, 2, "WindowSize")]
    [DataRow(5, 0, "Horizon")]
    public void AWindowOrHorizonOutOfRangeIsNamed(int window, int horizon, string name)
    {
        var ml = new MLContext(1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Forecasting.ForecastByLstm("Forecast", "Sunspots", window, horizon));
        Assert.AreEqual(name, error.ParamName);
        StringAssert.Contains(error.Message, $"{(name == "Horizon" ? horizon : window)}");
    }

    [TestMethod]
    public void ASeriesShorterThanAWindowAndAHorizonIsNamed()
    {
        var ml = new MLContext(1);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Forecasting.ForecastByLstm("Forecast", "Sunspots", 5, 2).Fit(Series(ml, 6)));
        StringAssert.Contains(error.Message, "Series column 'Sunspots' has 6 rows; a window of 5 and a horizon of 2 need at least 7");
        Assert.HasCount(2, ml.Forecasting.ForecastByLstm(Tiny()).Fit(Series(ml, 7)).ForecastErrors, "7 rows make one window");
    }

    [TestMethod]
    [DataRow(0f)]
    [DataRow(1f)]
    [DataRow(1.5f)]
    [DataRow(float.NaN)]
    public void AConfidenceLevelOutsideZeroToOneIsNamed(float level)
    {
        var ml = new MLContext(1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Forecasting.ForecastByLstm("Forecast", "Sunspots", 5, 2, "Lower", "Upper", confidenceLevel: level));
        Assert.AreEqual("ConfidenceLevel", error.ParamName);
        StringAssert.Contains(error.Message, $"The confidence level is {level}; it must be in (0, 1)");
    }

    [TestMethod]
    public void OneBoundWithoutTheOtherAndEmptyColumnNamesAreRefused()
    {
        var ml = new MLContext(1);
        var oneBound = Assert.ThrowsExactly<ArgumentException>(() => ml.Forecasting.ForecastByLstm("Forecast", "Sunspots", 5, 2, confidenceLowerBoundColumn: "Lower"));
        StringAssert.Contains(oneBound.Message, "Name both confidence bound columns or neither; got lower 'Lower' and upper ''");
        Assert.AreEqual("OutputColumnName", Assert.ThrowsExactly<ArgumentException>(() => ml.Forecasting.ForecastByLstm("", "Sunspots", 5, 2)).ParamName);
        Assert.AreEqual("RecurrentUnits", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Forecasting.ForecastByLstm(Tiny(units: []))).ParamName);
    }

    private static LstmForecastingOptions Tiny(int[]? units = null) => new()
    {
        OutputColumnName = "Forecast",
        InputColumnName = "Sunspots",
        WindowSize = 5,
        Horizon = 2,
        RecurrentUnits = units ?? [4],
        Epochs = 1,
        Seed = 1,
    };

    private static IDataView Series(MLContext ml, int rows, int gapAt = -1) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new SunspotMonth { Sunspots = i == gapAt ? float.NaN : MathF.Sin(i / 3f) }));

    private sealed class DoubleMonth
    {
        public double Sunspots { get; set; }
    }
}
