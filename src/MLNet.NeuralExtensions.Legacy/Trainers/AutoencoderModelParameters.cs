using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A trained autoencoder: the standardization of the features, the network that reconstructs them and where its
/// encoder ends. A row's anomaly score is the mean squared difference between its standardized features and their
/// reconstruction; <see cref="GetFeatureErrors"/> gives the squared difference of each feature, to explain a score.
/// </summary>
public sealed class AutoencoderModelParameters : IScoringModel
{
    internal const string LoaderSignature = "AutoencoderModel";
    private const int FormatVersion = 1;
    private readonly NeuralNetworkModelParameters _reconstruction;
    private readonly float[] _means;
    private readonly float[] _scales;
    private readonly Lazy<NeuralNetworkModelParameters> _encoder;

    internal AutoencoderModelParameters(NeuralNetworkModelParameters reconstruction, float[] means, float[] scales, int encoderLayerCount)
    {
        int features = reconstruction.Network.InputShape.Size;
        if (means.Length != features || scales.Length != features || reconstruction.Network.OutputShape.Size != features
            || encoderLayerCount < 1 || encoderLayerCount >= reconstruction.Network.Layers.Count || scales.Any(s => !(s > 0f) || !float.IsFinite(s)))
        {
            throw new FormatException($"An autoencoder of {features} features needs as many means, positive scales and outputs, and an encoder inside the network; got {means.Length} means, {scales.Length} scales, {reconstruction.Network.OutputShape.Size} outputs, encoder of {encoderLayerCount} of {reconstruction.Network.Layers.Count} layers.");
        }

        _reconstruction = reconstruction;
        _means = means;
        _scales = scales;
        EncoderLayerCount = encoderLayerCount;
        _encoder = new(() => _reconstruction.WithNetwork(_reconstruction.Network.Prefix(EncoderLayerCount)));
    }

    /// <summary>Gets the network, from standardized features to their reconstruction.</summary>
    public Sequential Network => _reconstruction.Network;

    /// <summary>Gets the metrics of every training epoch (the loss is the mean squared reconstruction error).</summary>
    public TrainingHistory History => _reconstruction.History;

    /// <summary>Gets how many of <see cref="Network"/>'s layers, from the input, make the encoder; its output is the code.</summary>
    public int EncoderLayerCount { get; }

    /// <summary>Gets the number of values in the code (the bottleneck's units).</summary>
    public int BottleneckSize => Network.Layers[EncoderLayerCount - 1].OutputShape.Size;

    /// <summary>Gets the training rows' mean of each feature, subtracted before the network.</summary>
    public IReadOnlyList<float> FeatureMeans => _means;

    /// <summary>Gets the training rows' standard deviation of each feature (1 where it was 0), divided by before the network.</summary>
    public IReadOnlyList<float> FeatureScales => _scales;

    int IScoringModel.InputSize => _means.Length;

    int IScoringModel.OutputSize => 1;

    /// <summary>The squared difference between each standardized feature of one row and its reconstruction; their mean is
    /// the row's score.</summary>
    /// <param name="features">One row's features.</param>
    /// <returns>One value per feature.</returns>
    /// <exception cref="ArgumentException">The row has the wrong number of features or one is not finite.</exception>
    public float[] GetFeatureErrors(ReadOnlySpan<float> features)
    {
        if (features.Length != _means.Length)
        {
            throw new ArgumentException($"The autoencoder takes {_means.Length} features; got {features.Length}.", nameof(features));
        }

        int bad = features.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
        {
            throw new ArgumentException($"Feature {bad} is {features[bad]}; the autoencoder needs finite features.", nameof(features));
        }

        return SquaredErrors(features, 1);
    }

    float[] IScoringModel.Score(ReadOnlySpan<float> features, int rows)
    {
        float[] errors = SquaredErrors(features, rows);
        int width = _means.Length;
        var scores = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            scores[r] = System.Numerics.Tensors.TensorPrimitives.Sum<float>(errors.AsSpan(r * width, width)) / width;
        }

        return scores;
    }

    string IScoringModel.ExportOnnx(OnnxGraph graph, string features)
    {
        string z = ExportStandardize(graph, features);
        string reconstruction = ((IScoringModel)_reconstruction).ExportOnnx(graph, z);
        string difference = graph.Add("Sub", [reconstruction, z], "reconstruction_difference");
        string squared = graph.Add("Mul", [difference, difference], "reconstruction_squared");
        return graph.Add("ReduceMean", [squared], "reconstruction_error", OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        Write(ctx.Writer);
    }

    /// <summary>Writes the model where another component embeds it.</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write(_means.Length);
        foreach (float v in _means.Concat(_scales))
        {
            writer.Write(v);
        }

        writer.Write(EncoderLayerCount);
        _reconstruction.Write(writer);
    }

    internal static AutoencoderModelParameters Load(ModelLoadContext ctx) => Read(ctx.Reader);

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    internal static AutoencoderModelParameters Read(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new FormatException($"Autoencoder model format version {version} is not supported (this reader reads version {FormatVersion}).");
        }

        int features = reader.ReadInt32();
        if (features is < 1 or > 1 << 24)
        {
            throw new FormatException($"An autoencoder of {features} features is not valid.");
        }

        float[] means = [.. Enumerable.Range(0, features).Select(_ => reader.ReadSingle())];
        float[] scales = [.. Enumerable.Range(0, features).Select(_ => reader.ReadSingle())];
        int encoder = reader.ReadInt32();
        return new AutoencoderModelParameters(NeuralNetworkModelParameters.Read(reader), means, scales, encoder);
    }

    /// <summary>The code of <paramref name="rows"/> rows of features, row after row.</summary>
    internal float[] Encode(ReadOnlySpan<float> features, int rows) => ((IScoringModel)_encoder.Value).Score(Standardize(features), rows);

    /// <summary>Adds the nodes that turn [batch × features] <paramref name="features"/> into [batch × code] and returns the
    /// code's name.</summary>
    internal string ExportEncoder(OnnxGraph graph, string features) => ((IScoringModel)_encoder.Value).ExportOnnx(graph, ExportStandardize(graph, features));

    private float[] SquaredErrors(ReadOnlySpan<float> features, int rows)
    {
        float[] z = Standardize(features);
        float[] errors = ((IScoringModel)_reconstruction).Score(z, rows);
        System.Numerics.Tensors.TensorPrimitives.Subtract(errors, z, errors);
        System.Numerics.Tensors.TensorPrimitives.Multiply(errors, errors, errors);
        return errors;
    }

    private float[] Standardize(ReadOnlySpan<float> features) => Standardize(features, _means, _scales);

    /// <summary>Rows of <paramref name="features"/> with <paramref name="means"/> subtracted and divided by
    /// <paramref name="scales"/>, slot by slot.</summary>
    internal static float[] Standardize(ReadOnlySpan<float> features, float[] means, float[] scales)
    {
        int width = means.Length;
        var z = new float[features.Length];
        for (int start = 0; start < z.Length; start += width)
        {
            Span<float> row = z.AsSpan(start, width);
            System.Numerics.Tensors.TensorPrimitives.Subtract(features.Slice(start, width), means, row);
            System.Numerics.Tensors.TensorPrimitives.Divide(row, scales, row);
        }

        return z;
    }

    private string ExportStandardize(OnnxGraph graph, string features)
    {
        string centred = graph.Add("Sub", [features, graph.AddInitializer("feature_means", _means, _means.Length)], "centred_features");
        return graph.Add("Div", [centred, graph.AddInitializer("feature_scales", _scales, _scales.Length)], "standardized_features");
    }
}
