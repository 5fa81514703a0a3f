using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// Forecasts a live series one observation at a time, as ML.NET's <c>TimeSeriesPredictionEngine</c> does for its SSA
/// forecaster: <see cref="Predict(TSrc, int?, float?)"/> runs the example through the model, adds its observation to the
/// forecaster's window and returns the forecast after it; <see cref="Predict(int?, float?)"/> forecasts from the window
/// as it stands; <see cref="CheckPoint(IHostEnvironment, string)"/> saves the model with the window, so that the loaded
/// model (its transform, or a new engine over it) goes on from there. Made by
/// <see cref="ForecastingEngineExtensions.CreateTimeSeriesEngine{TSrc, TDst}"/>. Not thread-safe.
/// </summary>
/// <remarks>The engine keeps its own window, starting from the model's (the end of the training series, or the window of
/// the check point the model was loaded from); the model itself never changes. The model's other transforms must map
/// rows one by one, as for ML.NET's PredictionEngine.</remarks>
/// <typeparam name="TSrc">The class of an example, with the series column (after the model's earlier transforms) among
/// its members.</typeparam>
/// <typeparam name="TDst">The class of a forecast, with members named as the forecaster's output columns. Forecasting
/// without an example (<see cref="Predict(int?, float?)"/>) reads only the forecast columns: give it no member read from
/// the example.</typeparam>
public sealed class ForecastingPredictionEngine<TSrc, TDst> : PredictionEngineBase<TSrc, TDst>
    where TSrc : class
    where TDst : class, new()
{
    private readonly ForecastingPipeline _pipeline;
    private long _observations;

    internal ForecastingPredictionEngine(IHostEnvironment env, ForecastingPipeline pipeline, bool ignoreMissingColumns, SchemaDefinition? inputSchemaDefinition, SchemaDefinition? outputSchemaDefinition)
        : base(env, pipeline, ignoreMissingColumns, inputSchemaDefinition, outputSchemaDefinition, ownsTransformer: false) => _pipeline = pipeline;

    /// <summary>Adds <paramref name="example"/>'s observation to the window and fills <paramref name="prediction"/> with
    /// the forecast after it; with a null <paramref name="prediction"/>, only adds the observation; with a null
    /// <paramref name="example"/>, only forecasts (as ML.NET's time-series engine).</summary>
    /// <param name="example">The next example, or null.</param>
    /// <param name="prediction">The object to fill with the forecast, or null.</param>
    /// <exception cref="InvalidDataException">The observation is NaN or infinite; the message names the column.</exception>
    public override void Predict(TSrc example, ref TDst prediction) => Run(example, prediction, null, null);

    /// <summary>Adds <paramref name="example"/>'s observation to the window and forecasts the values after it.</summary>
    /// <param name="example">The next example.</param>
    /// <param name="horizon">How many values to forecast, 1 to the forecaster's horizon; null (default) for all.</param>
    /// <param name="confidenceLevel">The confidence level of the bounds, in (0, 1); null (default) for the forecaster's.</param>
    /// <returns>The forecast, and its bounds where the forecaster gives them.</returns>
    /// <exception cref="InvalidDataException">The observation is NaN or infinite; the message names the column.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The horizon or the confidence level is out of range.</exception>
    public TDst Predict(TSrc example, int? horizon = null, float? confidenceLevel = null)
    {
        var prediction = new TDst();
        Run(Contracts.CheckRef(example, nameof(example)), prediction, horizon, confidenceLevel);
        return prediction;
    }

    /// <summary>Forecasts the values after the last observation, leaving the window as it is.</summary>
    /// <param name="horizon">How many values to forecast, 1 to the forecaster's horizon; null (default) for all.</param>
    /// <param name="confidenceLevel">The confidence level of the bounds, in (0, 1); null (default) for the forecaster's.</param>
    /// <returns>The forecast, and its bounds where the forecaster gives them.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The horizon or the confidence level is out of range.</exception>
    public TDst Predict(int? horizon = null, float? confidenceLevel = null)
    {
        var prediction = new TDst();
        Run(null, prediction, horizon, confidenceLevel);
        return prediction;
    }

    /// <summary>Saves the model with the engine's window to <paramref name="modelPath"/>, as ML.NET's time-series engine
    /// checkpoints its models: <c>mlContext.Model.Load</c> reads it back (without an input schema).</summary>
    /// <param name="env">The environment, usually the MLContext.</param>
    /// <param name="modelPath">The model file, created or overwritten.</param>
    public void CheckPoint(IHostEnvironment env, string modelPath)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckParam(!string.IsNullOrEmpty(modelPath), nameof(modelPath));
        using FileStream file = File.Create(modelPath);
        CheckPoint(env, file);
    }

    /// <summary>Saves the model with the engine's window to <paramref name="stream"/>.</summary>
    /// <param name="env">The environment, usually the MLContext.</param>
    /// <param name="stream">The stream written.</param>
    public void CheckPoint(IHostEnvironment env, Stream stream)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(stream, nameof(stream));
        ITransformer model = _pipeline.Snapshot();
        (model as TransformerChain<ITransformer> ?? new TransformerChain<ITransformer>(model)).SaveTo(env, stream);
    }

    private void Run(TSrc? example, TDst? prediction, int? horizon, float? confidenceLevel)
    {
        LstmForecastingTransformer forecaster = _pipeline.Forecaster;
        if (horizon is < 1 || horizon > forecaster.Horizon)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The forecaster forecasts {forecaster.Horizon} values after each observation; ask for 1 to {forecaster.Horizon}.");
        }

        if (confidenceLevel is float level)
        {
            LstmForecastingOptions.CheckConfidenceLevel(level, nameof(confidenceLevel));
        }

        _pipeline.Window.Horizon = horizon ?? forecaster.Horizon;
        _pipeline.Window.ConfidenceLevel = confidenceLevel ?? forecaster.ConfidenceLevel;
        if (example is not null)
        {
            ExtractValues(example);
            _pipeline.Mapper!.Observe(_observations);
            _observations++;
        }

        if (prediction is not null)
        {
            FillValues(prediction);
        }
    }
}
