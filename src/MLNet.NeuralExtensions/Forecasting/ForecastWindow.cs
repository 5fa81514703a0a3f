using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// What a forecaster carries from row to row: the last observations of the series, oldest first, and the forecast made
/// from them, computed when first read after each observation. One per cursor, or one per time-series engine; used on
/// one thread.
/// </summary>
internal sealed class ForecastWindow
{
    private readonly LstmForecastingTransformer _forecaster;
    private readonly IRowScorer _scorer;
    private readonly float[] _values;
    private readonly float[] _standardized;
    private readonly float[] _forecast;
    private bool _scored;

    /// <summary>Starts from <paramref name="values"/>, the forecaster's window, oldest first.</summary>
    public ForecastWindow(LstmForecastingTransformer forecaster, ReadOnlySpan<float> values)
    {
        _forecaster = forecaster;
        _scorer = forecaster.Model.Scorer.CreateRowScorer();
        _values = values.ToArray();
        _standardized = new float[_values.Length];
        _forecast = new float[forecaster.Horizon];
        Horizon = forecaster.Horizon;
        ConfidenceLevel = forecaster.ConfidenceLevel;
    }

    /// <summary>Gets the observations, oldest first.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Gets or sets how many values the forecast columns give, 1 to the forecaster's horizon (a time-series
    /// engine asks per call); the forecaster's horizon to begin with.</summary>
    public int Horizon { get; set; }

    /// <summary>Gets or sets the confidence level of the bounds (a time-series engine asks per call); the forecaster's to
    /// begin with.</summary>
    public float ConfidenceLevel { get; set; }

    /// <summary>Appends an observation, dropping the oldest.</summary>
    /// <param name="value">The observation.</param>
    /// <param name="row">Its number, for the message.</param>
    /// <param name="rowKind">What <paramref name="row"/> counts ("row", "observation"), for the message.</param>
    /// <exception cref="InvalidDataException">The value is NaN or infinite; the message names the column and the row.</exception>
    public void Add(float value, long row, string rowKind)
    {
        if (!float.IsFinite(value))
        {
            throw MissingObservation(_forecaster.InputColumnName, rowKind, row, value);
        }

        _values.AsSpan(1).CopyTo(_values);
        _values[^1] = value;
        _scored = false;
    }

    /// <summary>The error for a series value that is NaN or infinite.</summary>
    public static InvalidDataException MissingObservation(string column, string rowKind, long row, float value) =>
        new($"Series column '{column}', {rowKind} {row}: the value is {value}; a forecaster needs every observation of the series. Fill the gaps before it.");

    /// <summary>The getter of the forecaster's output <paramref name="output"/>: 0 the forecast, 1 the lower bounds, 2 the
    /// upper bounds.</summary>
    public ValueGetter<VBuffer<float>> Getter(int output)
    {
        float side = output switch { 0 => 0f, 1 => -1f, _ => 1f };
        return (ref VBuffer<float> value) =>
        {
            ReadOnlySpan<float> forecast = Forecast();
            IReadOnlyList<float> errors = _forecaster.ForecastErrors;
            float z = side == 0f ? 0f : side * (float)SpecialFunctions.NormalQuantile(0.5 + (ConfidenceLevel / 2.0));
            VBufferEditor<float> editor = VBufferEditor.Create(ref value, Horizon);
            for (int h = 0; h < Horizon; h++)
            {
                editor.Values[h] = forecast[h] + (z * errors[h]);
            }

            value = editor.Commit();
        };
    }

    /// <summary>The forecast after the last observation, in the series' units.</summary>
    private ReadOnlySpan<float> Forecast()
    {
        if (!_scored)
        {
            float mean = _forecaster.SeriesMean, scale = _forecaster.SeriesScale;
            for (int i = 0; i < _values.Length; i++)
            {
                _standardized[i] = (_values[i] - mean) / scale;
            }

            _scorer.Score(_standardized, _forecast);
            for (int h = 0; h < _forecast.Length; h++)
            {
                _forecast[h] = (_forecast[h] * scale) + mean;
            }

            _scored = true;
        }

        return _forecast;
    }
}
