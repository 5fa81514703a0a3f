using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// A forecaster as a time-series engine drives it: its output row forecasts from the engine's window, which changes only
/// when the engine calls <see cref="Observe"/> after setting a new example, so that reading the forecast, or not reading
/// it, never consumes an observation (ML.NET's time-series engine pings its stateful rows the same way).
/// </summary>
internal sealed class ForecastingRowMapper : IRowToRowMapper
{
    private readonly LstmForecastingTransformer _forecaster;
    private readonly ForecastWindow _window;
    private readonly DataViewSchema.Column _series;
    private ValueGetter<float>? _observation;

    public ForecastingRowMapper(LstmForecastingTransformer forecaster, DataViewSchema inputSchema, ForecastWindow window)
    {
        _forecaster = forecaster;
        _window = window;
        _series = forecaster.CheckSeries(inputSchema, nameof(inputSchema));
        InputSchema = inputSchema;
        OutputSchema = forecaster.GetOutputSchema(inputSchema);
    }

    /// <inheritdoc/>
    public DataViewSchema InputSchema { get; }

    /// <inheritdoc/>
    public DataViewSchema OutputSchema { get; }

    /// <summary>The input columns asked for, and always the series, which <see cref="Observe"/> reads.</summary>
    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var indices = dependingColumns.Select(c => c.Index).ToHashSet();
        return InputSchema.Where(c => c.Index == _series.Index || indices.Contains(c.Index));
    }

    /// <inheritdoc/>
    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var active = new bool[OutputSchema.Count];
        foreach (DataViewSchema.Column column in activeColumns)
        {
            active[column.Index] = true;
        }

        _observation = input.GetGetter<float>(input.Schema[_series.Index]);
        return new Row(input, this, active);
    }

    /// <summary>Adds the series value of the row the engine has just set to the window.</summary>
    /// <param name="observation">The engine's count of observations before this one, for messages.</param>
    /// <exception cref="InvalidDataException">The value is NaN or infinite; the message names the column.</exception>
    public void Observe(long observation)
    {
        float value = 0f;
        _observation!(ref value);
        _window.Add(value, observation, "observation");
    }

    private sealed class Row(DataViewRow input, ForecastingRowMapper mapper, bool[] active) : WrappingRow(input)
    {
        public override DataViewSchema Schema => mapper.OutputSchema;

        public override bool IsColumnActive(DataViewSchema.Column column) => active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => mapper._forecaster.GetGetter<TValue>(Input, column, mapper._window);
    }
}
