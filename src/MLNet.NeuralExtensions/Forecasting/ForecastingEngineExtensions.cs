using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>Creates time-series engines over models holding an <see cref="LstmForecastingTransformer"/>.</summary>
/// <remarks>The method has the name and parameters of ML.NET's own <c>CreateTimeSeriesEngine</c> (namespace
/// <c>Microsoft.ML.Transforms.TimeSeries</c>, package Microsoft.ML.TimeSeries, for its SSA forecaster), so code reads the
/// same with either forecaster. A file that imports both namespaces gets a compile-time ambiguity, never the wrong
/// engine: there, call this one as <c>ForecastingEngineExtensions.CreateTimeSeriesEngine(model, mlContext)</c>.</remarks>
public static class ForecastingEngineExtensions
{
    /// <summary>A stateful engine that forecasts a live series one observation at a time; see
    /// <see cref="ForecastingPredictionEngine{TSrc, TDst}"/>. The model itself is not changed.</summary>
    /// <typeparam name="TSrc">The class of an example.</typeparam>
    /// <typeparam name="TDst">The class of a forecast.</typeparam>
    /// <param name="transformer">An <see cref="LstmForecastingTransformer"/>, or a chain holding one whose other
    /// transforms map rows one by one.</param>
    /// <param name="env">The environment, usually the MLContext.</param>
    /// <param name="ignoreMissingColumns">Whether output columns that <typeparamref name="TDst"/> has no member for are
    /// ignored rather than an error. Default false.</param>
    /// <param name="inputSchemaDefinition">How <typeparamref name="TSrc"/>'s members map to columns, or null (default) for
    /// their attributes.</param>
    /// <param name="outputSchemaDefinition">How <typeparamref name="TDst"/>'s members map to columns, or null (default)
    /// for their attributes.</param>
    /// <returns>The engine, its window starting from the forecaster's.</returns>
    /// <exception cref="ArgumentException">The model holds no forecaster, or more than one.</exception>
    public static ForecastingPredictionEngine<TSrc, TDst> CreateTimeSeriesEngine<TSrc, TDst>(this ITransformer transformer, IHostEnvironment env,
        bool ignoreMissingColumns = false, SchemaDefinition? inputSchemaDefinition = null, SchemaDefinition? outputSchemaDefinition = null)
        where TSrc : class
        where TDst : class, new()
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(transformer, nameof(transformer));
        return new ForecastingPredictionEngine<TSrc, TDst>(env, new ForecastingPipeline(transformer), ignoreMissingColumns, inputSchemaDefinition, outputSchemaDefinition);
    }
}
