using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Evaluation;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Trains an autoencoder as <see cref="AutoencoderOptions"/> describe it, for the anomaly trainer and the
/// encoding transform alike.</summary>
internal static class AutoencoderFitting
{
    /// <summary>Trains on the feature column of <paramref name="input"/>; returns the model and the training features
    /// (rows × features), which the anomaly trainer scores for its threshold.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector of Single.</exception>
    /// <exception cref="InvalidDataException">A feature is not finite, or there are no rows.</exception>
    public static (AutoencoderModelParameters Model, float[] Features) Fit(MLContext context, AutoencoderOptions options, IDataView input, string component)
    {
        DataViewSchema.Column column = RequireFeatures(input.Schema, options);
        int width = ((VectorDataViewType)column.Type).Size;
        float[] x = VectorRows.ReadFinite(input, column, "an autoencoder");
        if (x.Length == 0)
        {
            throw new InvalidDataException($"The training data has no rows; the {component} needs at least one.");
        }

        var (means, scales) = Moments(x, width);
        float[] z = AutoencoderModelParameters.Standardize(x, means, scales);

        List<Layer> layers = [.. options.Network.CreateNetwork(width, width).Layers];
        if (options.NoiseStandardDeviation > 0f)
        {
            layers.Insert(0, new GaussianNoise(options.NoiseStandardDeviation));
        }

        var network = new Sequential(layers);
        int seed = options.Seed ?? context.NextSeed();
        var shape = new TensorShape(width);
        network.Build(shape, seed);
        TrainingHistory history = NetworkTrainer.Fit(network, new MeanSquaredError(), options.CreateOptimizer(), new TrainingData(shape, z, [.. z], width),
            options.CreateTrainingOptions(seed));

        // The encoder ends where the first decoder layer (the Dense after the bottleneck's) begins.
        int encoderLayers = layers.Select((layer, index) => (layer, index)).Where(l => l.layer is Dense).ElementAt(options.EncoderLayers.Length).index;
        var reconstruction = new NeuralNetworkModelParameters(network, history, options.ScoringBackend, context.ScorerOptions(component, options.GpuDeviceId, options.FallbackToCpu));
        return (new AutoencoderModelParameters(reconstruction, means, scales, encoderLayers), x);
    }

    /// <summary>The feature column, checked.</summary>
    public static DataViewSchema.Column RequireFeatures(DataViewSchema schema, AutoencoderOptions options) =>
        EvaluationColumns.RequireFloatVector(schema, options.FeatureColumnName, "feature");

    // Each feature's mean and population standard deviation (1 where the feature is constant).
    private static (float[] Means, float[] Scales) Moments(float[] x, int width)
    {
        int rows = x.Length / width;
        var sum = new double[width];
        var squares = new double[width];
        for (int i = 0; i < x.Length; i++)
        {
            sum[i % width] += x[i];
        }

        float[] means = [.. sum.Select(s => (float)(s / rows))];
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - means[i % width];
            squares[i % width] += d * d;
        }

        float[] scales = [.. squares.Select(s => Math.Sqrt(s / rows) is var deviation && deviation > 1e-12 ? (float)deviation : 1f)];
        return (means, scales);
    }
}
