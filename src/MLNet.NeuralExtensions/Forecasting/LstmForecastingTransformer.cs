using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Forecasting;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(LstmForecastingTransformer), null, typeof(SignatureLoadModel), "LSTM forecaster", LstmForecastingTransformer.LoaderSignature)]

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// A trained recurrent forecaster, made by <c>mlContext.Forecasting.ForecastByLstm</c>. Reading the rows of a series in
/// order, it appends each row's observation to its window of the last <see cref="WindowSize"/> values and gives the
/// <see cref="Horizon"/> values forecast after that row, and their confidence bounds where they are named, as ML.NET's
/// SSA forecaster does (<c>ForecastBySsa</c>). The window starts from the last values the forecaster saw: the end of the
/// training series, or, for a model saved by a time-series engine's check point, the engine's last observations.
/// </summary>
/// <remarks>
/// <para>Every cursor starts again from that window and reads its rows in order: the output cannot shuffle and is read by
/// one cursor, whatever parallelism is asked for. A live series is forecast one observation at a time by a
/// <see cref="ForecastingPredictionEngine{TSrc, TDst}"/> (<see cref="ForecastingEngineExtensions.CreateTimeSeriesEngine{TSrc, TDst}"/>),
/// which keeps its own window from call to call; the transformer itself never changes.</para>
/// <para>The forecaster is not a row-to-row mapper (each row's forecast depends on the rows before it), so ML.NET's
/// PredictionEngine refuses it, as it refuses the SSA forecaster. It has no ONNX form: ONNX models map each row on its
/// own, and <c>ConvertToOnnx</c> of a pipeline holding it throws <see cref="NotSupportedException"/>.</para>
/// </remarks>
public sealed class LstmForecastingTransformer : ITransformer, ICanSaveModel
{
    internal const string LoaderSignature = "NeuralExtLstmForecast";
    private const string RegistrationName = "LstmForecasting";
    private const string NetworkDirectory = "Network";
    private readonly IHost _host;
    private readonly ForecastingNetworkModelParameters _network;
    private readonly float[] _errors;
    private readonly float[] _window;

    internal LstmForecastingTransformer(IHostEnvironment env, ForecastingNetworkModelParameters network, Settings settings, float seriesMean, float seriesScale, float[] errors, float[] window)
    {
        _host = Contracts.CheckRef(env, nameof(env)).Register(RegistrationName);
        _network = network;
        (InputColumnName, OutputColumnName, ConfidenceLowerBoundColumn, ConfidenceUpperBoundColumn, ConfidenceLevel) =
            (settings.InputColumnName, settings.OutputColumnName, settings.ConfidenceLowerBoundColumn, settings.ConfidenceUpperBoundColumn, settings.ConfidenceLevel);
        (SeriesMean, SeriesScale, _errors, _window) = (seriesMean, seriesScale, errors, window);
    }

    /// <summary>Gets the trained network (the standardized window, steps × 1, to the standardized horizon) with the
    /// metrics of every training epoch.</summary>
    public NeuralNetworkModelParameters Model => _network;

    /// <summary>Gets the series column, Single.</summary>
    public string InputColumnName { get; }

    /// <summary>Gets the forecast column, a vector of <see cref="Horizon"/> Single values.</summary>
    public string OutputColumnName { get; }

    /// <summary>Gets the lower-bound column, or null when the forecaster gives no bounds.</summary>
    public string? ConfidenceLowerBoundColumn { get; }

    /// <summary>Gets the upper-bound column, or null when the forecaster gives no bounds.</summary>
    public string? ConfidenceUpperBoundColumn { get; }

    /// <summary>Gets the probability that a value falls between its bounds.</summary>
    public float ConfidenceLevel { get; }

    /// <summary>Gets the number of observations the network reads.</summary>
    public int WindowSize => _window.Length;

    /// <summary>Gets the number of values forecast after each row.</summary>
    public int Horizon => _errors.Length;

    /// <summary>Gets the training series' mean, subtracted from the window before the network reads it and added back to
    /// its outputs.</summary>
    public float SeriesMean { get; }

    /// <summary>Gets the training series' standard deviation (1 for a constant series), which the window is divided by
    /// and the network's outputs multiplied by.</summary>
    public float SeriesScale { get; }

    /// <summary>Gets the root mean squared error of the 1- to <see cref="Horizon"/>-step forecasts over the training
    /// series, in the series' units: the σₕ of the confidence bounds.</summary>
    public IReadOnlyList<float> ForecastErrors => _errors;

    /// <summary>Gets false: each row's forecast depends on the rows before it. Forecast a live series with a time-series
    /// engine (<see cref="ForecastingEngineExtensions.CreateTimeSeriesEngine{TSrc, TDst}"/>).</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>Gets the observations the next cursor starts from, oldest first.</summary>
    internal ReadOnlySpan<float> Window => _window;

    /// <summary>Gets the names of the columns the forecaster adds: the forecast, then the bounds where they are named.</summary>
    internal string[] OutputColumnNames => ConfidenceLowerBoundColumn is { } lower
        ? [OutputColumnName, lower, ConfidenceUpperBoundColumn!]
        : [OutputColumnName];

    /// <summary>Returns <paramref name="inputSchema"/> with the forecast columns added, vectors of <see cref="Horizon"/>
    /// Single values.</summary>
    /// <param name="inputSchema">The input schema, with the series column.</param>
    /// <returns>The output schema.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The series column is missing or not Single; the message names it.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        _host.CheckValue(inputSchema, nameof(inputSchema));
        CheckSeries(inputSchema, nameof(inputSchema));
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        var type = new VectorDataViewType(NumberDataViewType.Single, Horizon);
        foreach (string name in OutputColumnNames)
        {
            builder.AddColumn(name, type);
        }

        return builder.ToSchema();
    }

    /// <summary>Adds the forecast columns to <paramref name="input"/>, a series in time order. Lazy, as every ML.NET
    /// transform: the network scores as the rows are read.</summary>
    /// <param name="input">The series.</param>
    /// <returns>The rows with the forecast after each.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The series column is missing or not Single; the message names it.</exception>
    public IDataView Transform(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        return new ForecastingDataView(_host, this, input, CheckSeries(input.Schema, nameof(input)));
    }

    IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw _host.ExceptNotSupp($"{nameof(LstmForecastingTransformer)} forecasts each row from the rows before it, so it does not map rows one by one; use CreateTimeSeriesEngine for a live series.");

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        _host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());

        // *** Binary format ***
        // string ids: input column, output column, lower-bound column or null, upper-bound column or null
        // float: confidence level; int: window size; int: horizon
        // float: series mean; float: series scale
        // float × horizon: σₕ of the bounds
        // float × window size: the observations the next cursor starts from, oldest first
        // The network: model "Network" (ForecastingNetworkModelParameters).
        ctx.SaveNonEmptyString(InputColumnName);
        ctx.SaveNonEmptyString(OutputColumnName);
        ctx.SaveStringOrNull(ConfidenceLowerBoundColumn);
        ctx.SaveStringOrNull(ConfidenceUpperBoundColumn);
        BinaryWriter writer = ctx.Writer;
        writer.Write(ConfidenceLevel);
        writer.Write(WindowSize);
        writer.Write(Horizon);
        writer.Write(SeriesMean);
        writer.Write(SeriesScale);
        Array.ForEach(_errors, writer.Write);
        Array.ForEach(_window, writer.Write);
        ctx.SaveModel(_network, NetworkDirectory);
    }

    /// <summary>A cursor's or an engine's window, starting from this forecaster's.</summary>
    internal ForecastWindow CreateWindow() => new(this, _window);

    /// <summary>This forecaster with its window replaced by <paramref name="window"/> (a time-series engine's check point).</summary>
    internal LstmForecastingTransformer WithWindow(ReadOnlySpan<float> window) =>
        new(_host, _network, new Settings(InputColumnName, OutputColumnName, ConfidenceLowerBoundColumn, ConfidenceUpperBoundColumn, ConfidenceLevel), SeriesMean, SeriesScale, _errors, window.ToArray());

    /// <summary>The getter of <paramref name="column"/> of the forecaster's output row over <paramref name="input"/>: the
    /// input's own columns pass through; the forecast columns read <paramref name="window"/>.</summary>
    internal ValueGetter<TValue> GetGetter<TValue>(DataViewRow input, DataViewSchema.Column column, ForecastWindow? window)
    {
        int output = column.Index - input.Schema.Count;
        if (output < 0)
        {
            return input.GetGetter<TValue>(input.Schema[column.Index]);
        }

        _host.Check(window is not null && output < OutputColumnNames.Length, $"Column '{column.Name}' was not asked for when the cursor was made.");
        if (typeof(TValue) != typeof(VBuffer<float>))
        {
            throw _host.Except($"Column '{column.Name}' is {column.Type}; its getter is for VBuffer<Single>, not {typeof(TValue).Name}.");
        }

        return (ValueGetter<TValue>)(Delegate)window!.Getter(output);
    }

    /// <summary>The series column of <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is missing or not a Single scalar; the message names it.</exception>
    internal DataViewSchema.Column CheckSeries(DataViewSchema schema, string parameter) => FindSeries(_host, schema, InputColumnName, parameter);

    /// <summary>Column <paramref name="name"/> of <paramref name="schema"/>, a series of Single.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is missing or not a Single scalar; the message names it.</exception>
    internal static DataViewSchema.Column FindSeries(IExceptionContext host, DataViewSchema schema, string name, string parameter)
    {
        DataViewSchema.Column series = schema.GetColumnOrNull(name) ?? throw host.ExceptSchemaMismatch(parameter, "series", name);
        if (series.Type != NumberDataViewType.Single)
        {
            throw host.ExceptSchemaMismatch(parameter, "series", name, "Single", series.Type.ToString());
        }

        return series;
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "NXLSTMFC",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(LstmForecastingTransformer).Assembly.FullName);

    private static LstmForecastingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        var settings = new Settings(ctx.LoadNonEmptyString(), ctx.LoadNonEmptyString(), ctx.LoadStringOrNull(), ctx.LoadStringOrNull(), ctx.Reader.ReadSingle());
        BinaryReader reader = ctx.Reader;
        int window = reader.ReadInt32(), horizon = reader.ReadInt32();
        float mean = reader.ReadSingle(), scale = reader.ReadSingle();
        env.CheckDecode(window is >= 1 and <= 1 << 24 && horizon is >= 1 and <= 1 << 24, $"The forecaster's window of {window} and horizon of {horizon} are not valid.");
        env.CheckDecode(settings.ConfidenceLevel is > 0f and < 1f && (settings.ConfidenceLowerBoundColumn is null) == (settings.ConfidenceUpperBoundColumn is null),
            "The forecaster's confidence bounds are not valid.");
        env.CheckDecode(float.IsFinite(mean) && float.IsFinite(scale) && scale > 0f, "The forecaster's standardization is not valid.");
        float[] errors = Read(reader, horizon), start = Read(reader, window);
        env.CheckDecode(errors.All(e => e >= 0f && float.IsFinite(e)) && start.All(float.IsFinite), "The forecaster's errors or window are not valid.");
        ctx.LoadModel<ForecastingNetworkModelParameters, SignatureLoadModel>(env, out ForecastingNetworkModelParameters network, NetworkDirectory);
        env.CheckDecode(network.Network.InputShape.Size == window && network.Network.OutputShape.Size == horizon,
            $"The forecaster's network maps {network.Network.InputShape} to {network.Network.OutputShape}, not a window of {window} to a horizon of {horizon}.");
        return new LstmForecastingTransformer(env, network, settings, mean, scale, errors, start);

        static float[] Read(BinaryReader reader, int count)
        {
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = reader.ReadSingle();
            }

            return values;
        }
    }

    /// <summary>The forecaster's columns and confidence level.</summary>
    internal sealed record Settings(string InputColumnName, string OutputColumnName, string? ConfidenceLowerBoundColumn, string? ConfidenceUpperBoundColumn, float ConfidenceLevel);
}
