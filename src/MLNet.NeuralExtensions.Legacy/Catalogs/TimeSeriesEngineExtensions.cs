using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>Creates time-series prediction engines over models with a forecaster.</summary>
public static class TimeSeriesEngineExtensions
{
    /// <summary>A stateful engine that forecasts a live series one observation at a time; see
    /// <see cref="TimeSeriesPredictionEngine{TSrc, TDst}"/>. The model itself is not changed.</summary>
    /// <typeparam name="TSrc">The observation's class.</typeparam>
    /// <typeparam name="TDst">The forecast's class.</typeparam>
    /// <param name="transformer">A <see cref="LstmForecastingTransformer"/>, or a chain holding one.</param>
    /// <param name="context">The context.</param>
    /// <returns>The engine, its window starting where the model's ends.</returns>
    /// <exception cref="ArgumentException">The model holds no forecaster, or more than one.</exception>
    public static TimeSeriesPredictionEngine<TSrc, TDst> CreateTimeSeriesEngine<TSrc, TDst>(this ITransformer transformer, MLContext context)
        where TSrc : class
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(context);
        return new TimeSeriesPredictionEngine<TSrc, TDst>(context, transformer);
    }
}
