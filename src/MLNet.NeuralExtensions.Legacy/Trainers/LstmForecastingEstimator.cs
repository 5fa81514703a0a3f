using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Evaluation;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a recurrent network to forecast a series: every window of <see cref="LstmForecastingOptions.WindowSize"/>
/// consecutive training values is an example whose targets are the <see cref="LstmForecastingOptions.Horizon"/> values
/// after it. Made by <c>mlContext.Forecasting.ForecastByLstm</c>.
/// </summary>
public sealed class LstmForecastingEstimator : IEstimator<LstmForecastingTransformer>
{
    private readonly MLContext _context;
    private readonly LstmForecastingOptions _options;

    internal LstmForecastingEstimator(MLContext context, LstmForecastingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options;
    }

    /// <summary>Trains on the series in <paramref name="input"/>'s input column, rows in time order.</summary>
    /// <param name="input">The training series.</param>
    /// <returns>The forecaster, its window starting with the last training values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The series column is missing or not Single.</exception>
    /// <exception cref="InvalidDataException">A value is missing or the series is shorter than a window and a horizon.</exception>
    public LstmForecastingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int window = _options.WindowSize, horizon = _options.Horizon;
        DataViewSchema.Column column = EvaluationColumns.RequireFloatScalar(input.Schema, _options.InputColumnName, "series");
        double[] series = EvaluationColumns.ReadScalars(input, column)[0];
        int bad = Array.FindIndex(series, v => !double.IsFinite(v));
        if (bad >= 0)
        {
            throw new InvalidDataException($"Series column '{column.Name}', row {bad}: the value is {series[bad]}; a forecaster needs every observation. Replace missing values before it.");
        }

        int examples = series.Length - window - horizon + 1;
        if (examples < 1)
        {
            throw new InvalidDataException($"Series column '{column.Name}' has {series.Length} rows; a window of {window} and a horizon of {horizon} need at least {window + horizon}.");
        }

        double mean = series.Average();
        double deviation = Math.Sqrt(series.Sum(v => (v - mean) * (v - mean)) / series.Length);
        float scale = deviation > 0 ? (float)deviation : 1f;
        float[] z = [.. series.Select(v => (float)((v - mean) / scale))];
        var features = new float[examples * window];
        var targets = new float[examples * horizon];
        for (int e = 0; e < examples; e++)
        {
            z.AsSpan(e, window).CopyTo(features.AsSpan(e * window));
            z.AsSpan(e + window, horizon).CopyTo(targets.AsSpan(e * horizon));
        }

        int seed = _options.Seed ?? _context.NextSeed();
        var shape = new TensorShape(window, 1);
        Sequential network = _options.Network.CreateNetwork(window, horizon);
        network.Build(shape, seed);
        TrainingHistory history = NetworkTrainer.Fit(network, new MeanSquaredError(), _options.CreateOptimizer(), new TrainingData(shape, features, targets, horizon),
            _options.CreateTrainingOptions(seed));

        var model = new NeuralNetworkModelParameters(network, history, _options.ScoringBackend,
            _context.ScorerOptions(nameof(LstmForecastingEstimator), _options.GpuDeviceId, _options.FallbackToCpu));
        float[] start = [.. series[^window..].Select(v => (float)v)];
        return new LstmForecastingTransformer(model, _options, (float)mean, scale, Errors(network, features, targets, examples, horizon, scale), start);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema =>
        {
            EvaluationColumns.RequireFloatScalar(schema, _options.InputColumnName, "series");
            var type = new VectorDataViewType(NumberDataViewType.Single, _options.Horizon);
            return SchemaShapeBridge.Append(schema, new[] { _options.OutputColumnName, _options.ConfidenceLowerBoundColumn, _options.ConfidenceUpperBoundColumn }
                .OfType<string>().Select(name => (name, (DataViewType)type)));
        });
    }

    /// <summary>The root mean squared error of each step's forecast over the training windows, in the series' units.</summary>
    private static float[] Errors(Sequential network, float[] features, float[] targets, int examples, int horizon, float scale)
    {
        float[] predicted = network.Predict(features, examples);
        var errors = new float[horizon];
        for (int h = 0; h < horizon; h++)
        {
            double sum = 0;
            for (int e = 0; e < examples; e++)
            {
                double d = predicted[(e * horizon) + h] - targets[(e * horizon) + h];
                sum += d * d;
            }

            errors[h] = (float)Math.Sqrt(sum / examples) * scale;
        }

        return errors;
    }
}
