using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>
/// Forecasts a live series one observation at a time, as ML.NET's <c>TimeSeriesPredictionEngine</c>: each
/// <see cref="Predict(TSrc)"/> adds an observation to the forecaster's window and returns the forecast after it;
/// <see cref="Predict()"/> forecasts from the window as it stands; <see cref="CheckPoint(MLContext, string)"/> saves the
/// model with its window, so that a loaded copy goes on from there. Made by
/// <see cref="TimeSeriesEngineExtensions.CreateTimeSeriesEngine{TSrc, TDst}"/>. Not thread-safe.
/// </summary>
/// <typeparam name="TSrc">The observation's class.</typeparam>
/// <typeparam name="TDst">The forecast's class, with properties named as the forecaster's output columns.</typeparam>
public sealed class TimeSeriesPredictionEngine<TSrc, TDst> : IDisposable
    where TSrc : class
    where TDst : class, new()
{
    private readonly ITransformer _model;
    private readonly LstmForecastingTransformer _forecaster;
    private readonly PredictionEngine<TSrc, TDst> _engine;
    private readonly MLContext _context;

    internal TimeSeriesPredictionEngine(MLContext context, ITransformer model)
    {
        _context = context;
        var found = new List<LstmForecastingTransformer>();
        _model = Live(model, found);
        _forecaster = found.Count switch
        {
            1 => found[0],
            0 => throw new ArgumentException($"{model.GetType().Name} holds no forecaster (ForecastByLstm's transformer).", nameof(model)),
            _ => throw new ArgumentException("The model holds more than one forecaster; a time-series engine drives one.", nameof(model)),
        };
        _engine = new PredictionEngine<TSrc, TDst>(_model);
    }

    /// <summary>Adds <paramref name="example"/>'s observation to the window and forecasts the values after it.</summary>
    /// <param name="example">The next observation, after the model's earlier transforms read it.</param>
    /// <returns>The forecast (and bounds, when the forecaster has them).</returns>
    /// <exception cref="InvalidDataException">The observation is missing.</exception>
    public TDst Predict(TSrc example) => _engine.Predict(example);

    /// <summary>Forecasts the values after the last observation, leaving the window as it is.</summary>
    /// <returns>The forecast (and bounds, when the forecaster has them).</returns>
    public TDst Predict()
    {
        var (forecast, lower, upper) = _forecaster.ForecastFromState();
        var type = new VectorDataViewType(NumberDataViewType.Single, _forecaster.Horizon);
        var builder = new DataViewSchema.Builder();
        var columns = new List<ColumnBuffer>();
        Add(_forecaster.OutputColumnName, forecast);
        if (_forecaster.ConfidenceLowerBoundColumn is { } low)
        {
            Add(low, lower);
            Add(_forecaster.ConfidenceUpperBoundColumn!, upper);
        }

        var row = new InMemoryDataView(builder.ToSchema(), [.. columns], 1);
        return _context.Data.CreateEnumerable<TDst>(row, reuseRowObject: false, ignoreMissingColumns: true).Single();

        void Add(string name, float[] values)
        {
            builder.AddColumn(name, type);
            var buffer = (ColumnBuffer<float>)ColumnBuffers.Create(type);
            values.CopyTo(buffer.ResetFixed(1, values.Length));
            columns.Add(buffer);
        }
    }

    /// <summary>Saves the model with the forecaster's current window to <paramref name="modelPath"/>.</summary>
    /// <param name="context">The context whose model catalog saves.</param>
    /// <param name="modelPath">The model file.</param>
    public void CheckPoint(MLContext context, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Model.Save(_model, null, modelPath);
    }

    /// <inheritdoc/>
    public void Dispose() => _engine.Dispose();

    /// <summary>The model with every forecaster replaced by a copy that keeps its window from call to call; the copies
    /// are added to <paramref name="found"/>.</summary>
    private static ITransformer Live(ITransformer model, List<LstmForecastingTransformer> found)
    {
        switch (model)
        {
            case LstmForecastingTransformer forecaster:
                found.Add(forecaster.WithLiveState());
                return found[^1];
            case ITransformerSequence chain:
                return chain.Map(t => Live(t, found));
            default:
                return model;
        }
    }
}
