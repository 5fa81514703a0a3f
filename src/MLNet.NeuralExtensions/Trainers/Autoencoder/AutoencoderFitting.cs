using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Trains an autoencoder as <see cref="AutoencoderOptions"/> describe it, for the anomaly trainer and the
/// encoding transform alike: reads and standardizes the features, trains the network to reconstruct them (progress in the
/// MLContext's log, stopped by <c>CancelExecution</c>) and sets the threshold from the training rows' scores.</summary>
internal static class AutoencoderFitting
{
    /// <summary>Trains on <paramref name="train"/>, validating after every epoch on <paramref name="validation"/> when it
    /// is given.</summary>
    /// <param name="env">The environment the model registers with.</param>
    /// <param name="host">The component's host: its seed, channel and cancellation.</param>
    /// <param name="options">The columns, architecture, threshold and training.</param>
    /// <param name="train">The training rows.</param>
    /// <param name="validation">Rows to validate on, with the same columns, or null.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it.</exception>
    /// <exception cref="InvalidDataException">A feature is NaN or infinite, or a weight is negative; the message names
    /// the column, row and slot.</exception>
    public static AutoencoderModelParameters Fit(IHostEnvironment env, IHost host, AutoencoderOptions options, IDataView train, IDataView? validation)
    {
        using IChannel channel = host.Start("Training");
        TrainingData rows = Read(host, options, train, "training", standardization: null, out FeatureStandardization standardization);
        TrainingData? validationRows = validation is null ? null : Read(host, options, validation, "validation", standardization, out _);

        int seed = options.Seed ?? host.Rand.Next();
        Sequential network = options.CreateNetwork(standardization.Count);
        network.Build(rows.FeatureShape, seed);
        channel.Info($"Training an autoencoder of {network.ParameterCount} weights on {rows.Count} rows: {string.Join(", ", network.Layers.Select(l => l.ToString()))}.");
        TrainingHistory history = NetworkTrainer.Fit(network, new MeanSquaredError(), options.CreateOptimizer(), rows,
            options.CreateTrainingOptions(seed, new TrainingMonitor(host, channel, options.Progress)), validationRows);

        float threshold = options.Threshold ?? Quantile(TrainingScores(network, standardization, rows.Features), 1 - options.Contamination);
        if (float.IsNaN(threshold))
        {
            throw host.Except("The training rows' reconstruction errors are NaN: the loss diverged. Lower LearningRate or set GradientClipNorm.");
        }

        return new AutoencoderModelParameters(env, network, history, new ScoringSettings(options.ScoringBackend, options.GpuDeviceId, options.FallbackToCpu),
            standardization, options.EncoderLayerCount(network), threshold);
    }

    /// <summary>The feature column of <paramref name="schema"/>, checked to be a known-size vector of Single.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is missing or of another type; the message names it.</exception>
    public static DataViewSchema.Column RequireFeatures(IHost host, DataViewSchema schema, string name) =>
        schema.GetColumnOrNull(name) is not { } column
            ? throw host.ExceptSchemaMismatch(nameof(schema), "feature", name)
            : column.Type is VectorDataViewType { IsKnownSize: true } vector && vector.ItemType.Equals(NumberDataViewType.Single)
                ? column
                : throw host.ExceptSchemaMismatch(nameof(schema), "feature", name, "known-size vector of Single", column.Type.ToString());

    /// <summary>The (linear, NumPy's default) <paramref name="q"/> quantile of <paramref name="values"/>.</summary>
    private static float Quantile(float[] values, double q)
    {
        double[] sorted = [.. values.Select(v => (double)v).Order()];
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return (float)(sorted[below] + ((position - below) * (sorted[above] - sorted[below])));
    }

    // The rows as the network's examples: z-scores as both features and targets, and the weights. Standardizes with
    // the given standardization, or fits one on these rows.
    private static TrainingData Read(IHost host, AutoencoderOptions options, IDataView data, string which, FeatureStandardization? standardization, out FeatureStandardization used)
    {
        DataViewSchema.Column features = RequireFeatures(host, data.Schema, options.FeatureColumnName);
        int width = ((VectorDataViewType)features.Type).Size;
        float[] x = ColumnReader.ReadSingleVectors(data, features, out int rows);
        if (rows == 0)
        {
            throw host.Except($"The {which} data has no rows; the autoencoder needs at least one.");
        }

        ColumnReader.RequireFinite(x, width, features.Name, $"the {which} data of an autoencoder");
        used = standardization ?? FeatureStandardization.Fit(x, width);
        if (used.Count != width)
        {
            throw host.ExceptSchemaMismatch(nameof(data), "feature", features.Name, $"vector of {used.Count} Single values, as in the training data", features.Type.ToString());
        }

        float[] z = used.ApplyToRows(x);
        return new TrainingData(new TensorShape(width), z, z, width, Weights(host, data, options.ExampleWeightColumnName));
    }

    private static float[]? Weights(IHost host, IDataView data, string? name)
    {
        if (name is null)
        {
            return null;
        }

        DataViewSchema.Column column = data.Schema.GetColumnOrNull(name) ?? throw host.ExceptSchemaMismatch(nameof(data), "weight", name);
        if (!column.Type.Equals(NumberDataViewType.Single))
        {
            throw host.ExceptSchemaMismatch(nameof(data), "weight", name, "Single", column.Type.ToString());
        }

        double[] values = ColumnReader.ReadScalars(data, column);
        var weights = new float[values.Length];
        for (int r = 0; r < values.Length; r++)
        {
            if (!(values[r] >= 0) || !double.IsFinite(values[r]))
            {
                throw new InvalidDataException($"Weight column '{name}', row {r}: the weight is {values[r]}; weights must be finite and ≥ 0.");
            }

            weights[r] = (float)values[r];
        }

        return weights;
    }

    // Each training row's score, the network in scoring mode (as PyOD's decision_scores_).
    private static float[] TrainingScores(Sequential network, FeatureStandardization standardization, float[] z)
    {
        int width = standardization.Count;
        float[] reconstruction = network.Predict(z, z.Length / width);
        var scores = new float[z.Length / width];
        var residual = new float[width];
        for (int r = 0; r < scores.Length; r++)
        {
            scores[r] = standardization.MeanSquaredError(z.AsSpan(r * width, width), reconstruction.AsSpan(r * width, width), residual);
        }

        return scores;
    }
}
