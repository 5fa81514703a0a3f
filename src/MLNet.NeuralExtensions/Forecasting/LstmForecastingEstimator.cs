using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// Trains a recurrent network to forecast a series, made by <c>mlContext.Forecasting.ForecastByLstm</c>: every window of
/// <see cref="LstmForecastingOptions.WindowSize"/> consecutive training values is an example whose targets are the
/// <see cref="LstmForecastingOptions.Horizon"/> values after it. The series is standardized with its mean and standard
/// deviation for the network, inside the model. Training runs the network training loop of every trainer: the options'
/// seed or one drawn from the MLContext's, each epoch logged to the MLContext's log, stopped by the options'
/// cancellation token or the MLContext's cancellation.
/// </summary>
public sealed class LstmForecastingEstimator : IEstimator<LstmForecastingTransformer>
{
    private readonly IHost _host;
    private readonly IHostEnvironment _environment;

    internal LstmForecastingEstimator(IHostEnvironment env, LstmForecastingOptions options)
    {
        _environment = Contracts.CheckRef(env, nameof(env));
        _host = env.Register("LstmForecasting");
        _host.CheckValue(options, nameof(options));
        options.Validate();
        Options = options;
    }

    /// <summary>Gets the options the estimator was made with.</summary>
    public LstmForecastingOptions Options { get; }

    /// <summary>Trains on the series in <paramref name="input"/>'s input column, its rows in time order.</summary>
    /// <param name="input">The training series.</param>
    /// <returns>The forecaster, its window holding the last training values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The series column is missing or not Single; the message names it.</exception>
    /// <exception cref="InvalidDataException">A value is NaN or infinite, or the series is shorter than a window and a
    /// horizon; the message names the column (and the row).</exception>
    public LstmForecastingTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        DataViewSchema.Column column = LstmForecastingTransformer.FindSeries(_host, input.Schema, Options.InputColumnName, nameof(input));
        float[] series = Array.ConvertAll(ColumnReader.ReadScalars(input, column), v => (float)v);
        int bad = Array.FindIndex(series, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw ForecastWindow.MissingObservation(column.Name, "row", bad, series[bad]);
        }

        int window = Options.WindowSize, horizon = Options.Horizon;
        if (series.Length < window + horizon)
        {
            throw new InvalidDataException($"Series column '{column.Name}' has {series.Length} rows; a window of {window} and a horizon of {horizon} need at least {window + horizon}.");
        }

        using IChannel channel = _host.Start("Training");
        (float mean, float scale) = Standardization(series);
        var data = Windows(series, mean, scale, window, horizon);
        int seed = Options.Seed ?? _host.Rand.Next();
        Sequential network = Options.Network.CreateNetwork(window, horizon);
        network.Build(data.FeatureShape, seed);
        channel.Info($"Training a forecasting network of {network.ParameterCount} weights on {data.Count} windows: {string.Join(", ", network.Layers.Select(l => l.ToString()))}.");
        TrainingHistory history = NetworkTrainer.Fit(network, new MeanSquaredError(), Options.CreateOptimizer(), data,
            Options.CreateTrainingOptions(seed, new TrainingMonitor(_host, channel, Options.Progress)), cancellationToken: Options.CancellationToken);
        if (history.StoppedOnNaN)
        {
            channel.Warning("Training stopped because the loss became NaN or infinite; lower the learning rate or clip gradients (GradientClipNorm).");
        }

        var model = new ForecastingNetworkModelParameters(_environment, network, history, new ScoringSettings(Options.ScoringBackend, Options.GpuDeviceId, Options.FallbackToCpu));
        var settings = new LstmForecastingTransformer.Settings(Options.InputColumnName, Options.OutputColumnName, Options.ConfidenceLowerBoundColumn, Options.ConfidenceUpperBoundColumn, Options.ConfidenceLevel);
        return new LstmForecastingTransformer(_environment, model, settings, mean, scale, Errors(network, data, scale), series[^window..]);
    }

    /// <summary>Returns <paramref name="inputSchema"/> with the forecast columns: vectors of Single of the horizon's size.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The output schema.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The series column is missing or not a Single scalar; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _host.CheckValue(inputSchema, nameof(inputSchema));
        if (!inputSchema.TryFindColumn(Options.InputColumnName, out SchemaShape.Column series))
        {
            throw _host.ExceptSchemaMismatch(nameof(inputSchema), "series", Options.InputColumnName);
        }

        if (series.Kind != SchemaShape.Column.VectorKind.Scalar || series.ItemType != NumberDataViewType.Single)
        {
            throw _host.ExceptSchemaMismatch(nameof(inputSchema), "series", Options.InputColumnName, "Single", series.GetTypeString());
        }

        var columns = inputSchema.ToDictionary(c => c.Name);
        foreach (string? name in new[] { Options.OutputColumnName, Options.ConfidenceLowerBoundColumn, Options.ConfidenceUpperBoundColumn })
        {
            if (name is not null)
            {
                columns[name] = new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
            }
        }

        return new SchemaShape(columns.Values);
    }

    /// <summary>The series' mean and standard deviation (1 when it is constant).</summary>
    private static (float Mean, float Scale) Standardization(float[] series)
    {
        double mean = series.Average(v => (double)v);
        double deviation = Math.Sqrt(series.Sum(v => (v - mean) * (v - mean)) / series.Length);
        return ((float)mean, deviation > 0 ? (float)deviation : 1f);
    }

    /// <summary>Every window of the standardized series as an example of steps × 1, the horizon after it as its targets.</summary>
    private static TrainingData Windows(float[] series, float mean, float scale, int window, int horizon)
    {
        float[] z = Array.ConvertAll(series, v => (v - mean) / scale);
        int examples = series.Length - window - horizon + 1;
        var features = new float[examples * window];
        var targets = new float[examples * horizon];
        for (int e = 0; e < examples; e++)
        {
            z.AsSpan(e, window).CopyTo(features.AsSpan(e * window));
            z.AsSpan(e + window, horizon).CopyTo(targets.AsSpan(e * horizon));
        }

        return new TrainingData(new TensorShape(window, 1), features, targets, horizon);
    }

    /// <summary>The root mean squared error of each step's forecast over the training windows, in the series' units.</summary>
    private static float[] Errors(Sequential network, TrainingData data, float scale)
    {
        int horizon = data.TargetSize;
        float[] predicted = network.Predict(data.Features, data.Count);
        var errors = new float[horizon];
        for (int h = 0; h < horizon; h++)
        {
            double sum = 0;
            for (int e = 0; e < data.Count; e++)
            {
                double d = predicted[(e * horizon) + h] - data.Targets[(e * horizon) + h];
                sum += d * d;
            }

            errors[h] = (float)Math.Sqrt(sum / data.Count) * scale;
        }

        return errors;
    }
}
