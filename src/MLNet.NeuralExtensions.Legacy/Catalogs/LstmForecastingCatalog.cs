using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>The recurrent forecaster, as extension methods of <c>mlContext.Forecasting</c>.</summary>
public static class LstmForecastingCatalog
{
    /// <summary>Forecasts a series with an LSTM network, the way ML.NET's <c>ForecastBySsa</c> does: each row gets the
    /// <paramref name="horizon"/> values after it, and the bounds when their columns are named. Score a live series with
    /// <see cref="TimeSeriesEngineExtensions.CreateTimeSeriesEngine{TSrc, TDst}"/>.</summary>
    /// <param name="catalog">The forecasting catalog.</param>
    /// <param name="outputColumnName">The forecast column, a vector of <paramref name="horizon"/> Single values.</param>
    /// <param name="inputColumnName">The series, a Single column, rows in time order.</param>
    /// <param name="windowSize">The observations the network reads.</param>
    /// <param name="horizon">The values forecast after each row.</param>
    /// <param name="confidenceLowerBoundColumn">The lower-bound column, or null (default) for none.</param>
    /// <param name="confidenceUpperBoundColumn">The upper-bound column, or null (default) for none.</param>
    /// <param name="confidenceLevel">The probability a value falls between its bounds. Default 0.95.</param>
    /// <returns>The estimator; see <see cref="LstmForecastingOptions"/> for the rest of the defaults.</returns>
    public static LstmForecastingEstimator ForecastByLstm(this ForecastingCatalog catalog, string outputColumnName, string inputColumnName, int windowSize, int horizon,
        string? confidenceLowerBoundColumn = null, string? confidenceUpperBoundColumn = null, float confidenceLevel = 0.95f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, new LstmForecastingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            WindowSize = windowSize,
            Horizon = horizon,
            ConfidenceLowerBoundColumn = confidenceLowerBoundColumn,
            ConfidenceUpperBoundColumn = confidenceUpperBoundColumn,
            ConfidenceLevel = confidenceLevel,
        });
    }

    /// <summary>Forecasts a series with a recurrent network, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The forecasting catalog.</param>
    /// <param name="options">The columns, window, horizon, network and training.</param>
    /// <returns>The estimator.</returns>
    public static LstmForecastingEstimator ForecastByLstm(this ForecastingCatalog catalog, LstmForecastingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, options);
    }
}
