using System.Runtime.CompilerServices;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Forecasts a series with a trained recurrent network. Reading rows in order, it appends each row's observation to
/// the window of the last <see cref="WindowSize"/> values (starting from the end of the training series) and outputs
/// the <see cref="Horizon"/> values after that row, with their confidence bounds when asked for, as ML.NET's SSA
/// forecaster does. Every cursor starts again from the end of the training series; a
/// <see cref="TimeSeriesPredictionEngine{TSrc, TDst}"/> keeps the window from call to call instead.
/// </summary>
public sealed class LstmForecastingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "LstmForecastXfer";
    private readonly IScoringModel _scoring;
    private readonly float _mean;
    private readonly float _scale;
    private readonly float[] _errors;
    private readonly float[] _start;

    internal LstmForecastingTransformer(NeuralNetworkModelParameters model, LstmForecastingOptions options, float mean, float scale, float[] errors, float[] start, bool continues = false)
    {
        Model = model;
        _scoring = model;
        InputColumnName = options.InputColumnName;
        OutputColumnName = options.OutputColumnName;
        ConfidenceLowerBoundColumn = options.ConfidenceLowerBoundColumn;
        ConfidenceUpperBoundColumn = options.ConfidenceUpperBoundColumn;
        ConfidenceLevel = options.ConfidenceLevel;
        WindowSize = options.WindowSize;
        Horizon = options.Horizon;
        (_mean, _scale, _errors, _start) = (mean, scale, errors, start);
        ContinuesState = continues;
    }

    /// <summary>Gets the trained network (window → horizon, on the standardized series) and its training history.</summary>
    public NeuralNetworkModelParameters Model { get; }

    /// <summary>Gets the series column.</summary>
    public string InputColumnName { get; }

    /// <summary>Gets the forecast column, a vector of <see cref="Horizon"/> Single values.</summary>
    public string OutputColumnName { get; }

    /// <summary>Gets the lower-bound column, or null.</summary>
    public string? ConfidenceLowerBoundColumn { get; }

    /// <summary>Gets the upper-bound column, or null.</summary>
    public string? ConfidenceUpperBoundColumn { get; }

    /// <summary>Gets the probability a value falls between its bounds.</summary>
    public float ConfidenceLevel { get; }

    /// <summary>Gets the number of observations the network reads.</summary>
    public int WindowSize { get; }

    /// <summary>Gets the number of values forecast after each row.</summary>
    public int Horizon { get; }

    /// <summary>Gets the root mean squared error of the 1- to <see cref="Horizon"/>-step forecasts over the training
    /// series, in the series' units: the σₕ of the confidence bounds.</summary>
    public IReadOnlyList<float> ForecastErrors => _errors;

    /// <summary>Whether cursors continue one shared window (a time-series engine's copy) instead of each starting again.</summary>
    internal bool ContinuesState { get; }

    /// <summary>A copy whose cursors all continue one window, starting from this one's, for a time-series engine.</summary>
    internal LstmForecastingTransformer WithLiveState() =>
        new(Model, Settings(), _mean, _scale, _errors, [.. _start], continues: true);

    /// <summary>The forecast, lower and upper bounds after the window as it stands, without a new observation.</summary>
    internal (float[] Forecast, float[] Lower, float[] Upper) ForecastFromState()
    {
        var window = new float[WindowSize];
        Standardize(_start, window);
        return Bounds(_scoring.Score(window, 1));
    }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        DataViewSchema.Column input = SchemaErrors.Require(inputSchema, InputColumnName, t => t.Equals(NumberDataViewType.Single), "Single", "series");
        var windows = new ConditionalWeakTable<DataViewBatch, StrongBox<float[]>>();
        var forecasts = new PerBatch<float[][]>(batch => Forecast(batch, input, windows.GetValue(batch, _ => new StrongBox<float[]>())));
        var type = new VectorDataViewType(NumberDataViewType.Single, Horizon);
        var columns = new List<ColumnMapper.OutputColumn> { Output(OutputColumnName, 0) };
        if (ConfidenceLowerBoundColumn is { } lower)
        {
            columns.Add(Output(lower, 1));
            columns.Add(Output(ConfidenceUpperBoundColumn!, 2));
        }

        return new ColumnMapper(inputSchema, columns);

        ColumnMapper.OutputColumn Output(string name, int which) => new(new DataViewSchema.DetachedColumn(name, type), [input.Index],
            (batch, destination) => forecasts.Get(batch)[which].AsSpan(0, batch.RowCount * Horizon).CopyTo(((ColumnBuffer<float>)destination).ResetFixed(batch.RowCount, Horizon)));
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        BinaryWriter w = ctx.Writer;
        w.Write(InputColumnName);
        w.Write(OutputColumnName);
        w.Write(ConfidenceLowerBoundColumn ?? "");
        w.Write(ConfidenceUpperBoundColumn ?? "");
        w.Write(ConfidenceLevel);
        w.Write(WindowSize);
        w.Write(Horizon);
        w.Write(_mean);
        w.Write(_scale);
        Array.ForEach(_errors, w.Write);
        Array.ForEach(_start, w.Write);
        Model.Write(w);
    }

    internal static LstmForecastingTransformer Load(ModelLoadContext ctx)
    {
        BinaryReader r = ctx.Reader;
        var options = new LstmForecastingOptions
        {
            InputColumnName = r.ReadString(),
            OutputColumnName = r.ReadString(),
            ConfidenceLowerBoundColumn = NullIfEmpty(r.ReadString()),
            ConfidenceUpperBoundColumn = NullIfEmpty(r.ReadString()),
            ConfidenceLevel = r.ReadSingle(),
            WindowSize = r.ReadInt32(),
            Horizon = r.ReadInt32(),
        };
        if (options.WindowSize is < 1 or > 1 << 20 || options.Horizon is < 1 or > 1 << 20)
        {
            throw ctx.Error($"A window of {options.WindowSize} and a horizon of {options.Horizon} are not valid.");
        }

        float mean = r.ReadSingle(), scale = r.ReadSingle();
        float[] errors = [.. Enumerable.Range(0, options.Horizon).Select(_ => r.ReadSingle())];
        float[] start = [.. Enumerable.Range(0, options.WindowSize).Select(_ => r.ReadSingle())];
        NeuralNetworkModelParameters model;
        try
        {
            model = NeuralNetworkModelParameters.Read(r);
        }
        catch (FormatException ex)
        {
            throw ctx.Error(ex.Message);
        }

        if (model.Network.InputShape.Size != options.WindowSize || model.Network.OutputShape.Size != options.Horizon)
        {
            throw ctx.Error($"The network maps {model.Network.InputShape} to {model.Network.OutputShape}, not a window of {options.WindowSize} to a horizon of {options.Horizon}.");
        }

        return new LstmForecastingTransformer(model, options, mean, scale, errors, start);

        static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
    }

    private LstmForecastingOptions Settings() => new()
    {
        InputColumnName = InputColumnName,
        OutputColumnName = OutputColumnName,
        ConfidenceLowerBoundColumn = ConfidenceLowerBoundColumn,
        ConfidenceUpperBoundColumn = ConfidenceUpperBoundColumn,
        ConfidenceLevel = ConfidenceLevel,
        WindowSize = WindowSize,
        Horizon = Horizon,
    };

    /// <summary>The forecasts, lower and upper bounds of the batch's rows; the cursor's window (one per batch object,
    /// so per cursor) starts again at the first row and advances through the rows.</summary>
    private float[][] Forecast(DataViewBatch batch, DataViewSchema.Column input, StrongBox<float[]> cursorWindow)
    {
        if (batch.Position == 0)
        {
            cursorWindow.Value = ContinuesState ? _start : [.. _start];
        }

        float[] window = cursorWindow.Value ?? throw new InvalidOperationException("Forecasting reads the rows of a series in order, from the first.");
        ReadOnlySpan<float> values = batch.GetColumn<float>(input).Values;
        int rows = batch.RowCount;
        var windows = new float[rows * WindowSize];
        for (int r = 0; r < rows; r++)
        {
            if (!float.IsFinite(values[r]))
            {
                throw new InvalidDataException($"Series column '{InputColumnName}', row {batch.Position + r}: the value is {values[r]}; a forecaster needs every observation. Replace missing values before it.");
            }

            window.AsSpan(1).CopyTo(window);
            window[^1] = values[r];
            Standardize(window, windows.AsSpan(r * WindowSize, WindowSize));
        }

        var (forecast, lower, upper) = Bounds(_scoring.Score(windows, rows));
        return [forecast, lower, upper];
    }

    private void Standardize(ReadOnlySpan<float> values, Span<float> destination)
    {
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (values[i] - _mean) / _scale;
        }
    }

    private (float[] Forecast, float[] Lower, float[] Upper) Bounds(float[] raw)
    {
        float z = (float)SpecialFunctions.NormalQuantile(0.5 + (ConfidenceLevel / 2));
        var lower = new float[raw.Length];
        var upper = new float[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = (raw[i] * _scale) + _mean;
            float margin = z * _errors[i % Horizon];
            (lower[i], upper[i]) = (raw[i] - margin, raw[i] + margin);
        }

        return (raw, lower, upper);
    }
}
