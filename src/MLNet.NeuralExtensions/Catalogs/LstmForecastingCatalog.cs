using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Forecasting;

namespace MLNet.NeuralExtensions;

/// <summary>The recurrent forecaster, as extension methods of ML.NET's <c>mlContext.Forecasting</c>.</summary>
public static class LstmForecastingCatalog
{
    /// <summary>Forecasts a series with an LSTM network, as ML.NET's <c>ForecastBySsa</c> does with singular spectrum
    /// analysis: each row gets the <paramref name="horizon"/> values forecast after it, and their bounds where the bound
    /// columns are named. Forecast a live series with
    /// <see cref="ForecastingEngineExtensions.CreateTimeSeriesEngine{TSrc, TDst}"/>; see <see cref="LstmForecastingOptions"/>
    /// for the network and training and their defaults (one LSTM layer of 64 units, 50 epochs of Adam at 0.001).</summary>
    /// <param name="catalog">The forecasting catalog.</param>
    /// <param name="outputColumnName">The forecast column, a vector of <paramref name="horizon"/> Single values.</param>
    /// <param name="inputColumnName">The series, a Single column, rows in time order.</param>
    /// <param name="windowSize">The observations the network reads, at least 1.</param>
    /// <param name="horizon">The values forecast after each row, at least 1.</param>
    /// <param name="confidenceLowerBoundColumn">The lower-bound column, or null (default) for none; name both bounds or neither.</param>
    /// <param name="confidenceUpperBoundColumn">The upper-bound column, or null (default) for none.</param>
    /// <param name="confidenceLevel">The probability a value falls between its bounds, in (0, 1). Default 0.95.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public static LstmForecastingEstimator ForecastByLstm(this ForecastingCatalog catalog, string outputColumnName, string inputColumnName, int windowSize, int horizon,
        string? confidenceLowerBoundColumn = null, string? confidenceUpperBoundColumn = null, float confidenceLevel = 0.95f)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        return new(catalog.GetEnvironment(), new LstmForecastingOptions
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
    /// <param name="options">The columns, window, horizon, bounds, network and training.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public static LstmForecastingEstimator ForecastByLstm(this ForecastingCatalog catalog, LstmForecastingOptions options)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        return new(catalog.GetEnvironment(), options);
    }
}
