using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(AutoencoderModelParameters), null, typeof(SignatureLoadModel),
    "Autoencoder anomaly detector", AutoencoderModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A trained autoencoder, the model of ML.NET's <see cref="AnomalyPredictionTransformer{TModel}"/>: the standardization
/// of the features, the network that reconstructs them (<see cref="NeuralNetworkModelParameters.Network"/>, from z-scores
/// to z-scores) and where its encoder ends. A row's Score is its reconstruction error in the features' own scale: the
/// mean over the features of (feature − reconstruction)², the reconstruction mapped back from z-scores with the training
/// means and deviations. <see cref="GetFeatureErrors"/> gives each feature's term, to explain a score. PredictedLabel is
/// Score &gt; the prediction transformer's threshold (ML.NET's scorer compares them; <c>ChangeModelThreshold</c> sets
/// another).
/// </summary>
/// <remarks>Scoring rejects a feature that is NaN or infinite, since its error, and so the row's label, would mean
/// nothing. ML.NET's <c>ConvertToOnnx</c> exports the standardization, the network and the error.</remarks>
public sealed class AutoencoderModelParameters : NeuralNetworkModelParameters, ISingleCanSaveOnnx
{
    internal const string LoaderSignature = "AutoencoderAnomalyModel";
    private const string RegistrationName = nameof(AutoencoderModelParameters);
    private readonly FeatureStandardization _standardization;
    private readonly Lazy<Sequential> _encoder;

    internal AutoencoderModelParameters(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring, FeatureStandardization standardization,
        int encoderLayerCount, float trainingThreshold)
        : base(env, RegistrationName, network, history, scoring, readsSequencesOfVaryingLength: false)
    {
        _standardization = standardization;
        EncoderLayerCount = encoderLayerCount;
        TrainingThreshold = trainingThreshold;
        _encoder = new(() => Network.Prefix(EncoderLayerCount));
        Host.Check(IsValid(), "The autoencoder's standardization, encoder and threshold do not fit its network.");
    }

    private AutoencoderModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx, GetVersionInfo())
    {
        // *** Binary format, after the network's ***
        // the standardization (FeatureStandardization.Write); int: encoder layers; float: training threshold
        try
        {
            _standardization = FeatureStandardization.Read(ctx.Reader);
        }
        catch (FormatException e)
        {
            throw Host.ExceptDecode(e, e.Message);
        }

        EncoderLayerCount = ctx.Reader.ReadInt32();
        TrainingThreshold = ctx.Reader.ReadSingle();
        _encoder = new(() => Network.Prefix(EncoderLayerCount));
        Host.CheckDecode(IsValid(), "The autoencoder's standardization, encoder and threshold do not fit its network.");
    }

    /// <summary>Gets the training rows' mean of each feature, subtracted before the network.</summary>
    public IReadOnlyList<float> FeatureMeans => _standardization.Means;

    /// <summary>Gets the training rows' standard deviation of each feature (1 where the feature was constant), divided by
    /// before the network.</summary>
    public IReadOnlyList<float> FeatureScales => _standardization.Scales;

    /// <summary>Gets how many of the network's layers, from the input, make the encoder; its output is the code.</summary>
    public int EncoderLayerCount { get; }

    /// <summary>Gets the number of values in the code (the bottleneck's units).</summary>
    public int BottleneckSize => Network.Layers[EncoderLayerCount - 1].OutputShape.Size;

    /// <summary>Gets the threshold the trainer gave its prediction transformer: the (1 − contamination) quantile of the
    /// training rows' scores, or <see cref="AutoencoderOptions.Threshold"/> when it was set. <c>ChangeModelThreshold</c>
    /// makes a transformer with another threshold and leaves this value as it was.</summary>
    public float TrainingThreshold { get; }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.AnomalyDetection;

    private protected override DataViewType OutputType => NumberDataViewType.Single;

    /// <summary>The encoder: a copy of the network's first <see cref="EncoderLayerCount"/> layers.</summary>
    internal Sequential Encoder => _encoder.Value;

    /// <summary>The standardization the network reads, for the encoder.</summary>
    internal FeatureStandardization Standardization => _standardization;

    /// <summary>The settings the network scores with, for the encoder's scorer.</summary>
    internal ScoringSettings Scoring => ScoringSettings;

    /// <summary>The squared difference between each feature of one row and its reconstruction, in the features' scale;
    /// their mean is the row's Score.</summary>
    /// <param name="features">One row's features, as many as the model was trained on.</param>
    /// <returns>One value per feature.</returns>
    /// <exception cref="ArgumentException">The row has another number of features, or one is NaN or infinite; the
    /// message names the slot.</exception>
    public float[] GetFeatureErrors(ReadOnlySpan<float> features)
    {
        int width = _standardization.Count;
        if (features.Length != width)
        {
            throw new ArgumentException($"The autoencoder takes {width} features; got {features.Length}.", nameof(features));
        }

        if (features.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue) is int bad and >= 0)
        {
            throw new ArgumentException($"Feature slot {bad} is {features[bad]}; the autoencoder explains rows of finite features.", nameof(features));
        }

        var z = new float[width];
        var reconstruction = new float[width];
        _standardization.Apply(features, z);
        Scorer.Score(z, 1, reconstruction);
        var errors = new float[width];
        _standardization.Residual(z, reconstruction, errors);
        TensorPrimitives.Multiply(errors, errors, errors);
        return errors;
    }

    private protected override VersionInfo Version => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "NNAUTOEN",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(AutoencoderModelParameters).Assembly.FullName);

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        _standardization.Write(ctx.Writer);
        ctx.Writer.Write(EncoderLayerCount);
        ctx.Writer.Write(TrainingThreshold);
    }

    private protected override Delegate CreateMapper(RowInput input)
    {
        int width = _standardization.Count;
        float[] features = new float[width], z = new float[width], residual = new float[width];
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> row, ref float score) =>
        {
            if (row.Length != width)
            {
                throw new InvalidDataException($"The feature vector has {row.Length} values; the autoencoder takes {width}.");
            }

            row.CopyTo(features);
            if (features.AsSpan().IndexOfAnyExceptInRange(float.MinValue, float.MaxValue) is int bad and >= 0)
            {
                throw new InvalidDataException($"Feature slot {bad} is {features[bad]}; the autoencoder scores finite features only. Replace missing values (ReplaceMissingValues) or filter such rows (FilterRowsByMissingValues) before it.");
            }

            _standardization.Apply(features, z);
            score = _standardization.MeanSquaredError(z, input.Score(new VBuffer<float>(width, z)), residual);
        };
        return map;
    }

    // ML.NET's anomaly scorer passes [PredictedLabel, Score] and derives the label from the score itself. The graph
    // standardizes the features before the network, which the base's export does not, so the interface is implemented
    // here again: z-scores, network, then the residual handed to SaveOutputsAsOnnx.
    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        Host.CheckValue(ctx, nameof(ctx));
        string z = _standardization.SaveAsOnnx(ctx, featureColumn);
        string reconstruction = NetworkOnnxExport.Emit(ctx, Network, z);
        string residual = ctx.AddIntermediateVariable(null, "standardized_residual", true);
        ctx.CreateNode("Sub", [z, reconstruction], [residual], ctx.GetNodeName("Sub"), "");
        SaveOutputsAsOnnx(ctx, outputNames, residual);
        return true;
    }

    // raw: the standardized residual z − network(z); Score is the mean over the features of (residual × scale)².
    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string raw)
    {
        string scaled = ctx.AddIntermediateVariable(null, "residual", true);
        ctx.CreateNode("Mul", [raw, ctx.AddInitializer(_standardization.Scales, [_standardization.Count], "feature_scales")], [scaled], ctx.GetNodeName("Mul"), "");
        string squared = ctx.AddIntermediateVariable(null, "squared_residual", true);
        ctx.CreateNode("Mul", [scaled, scaled], [squared], ctx.GetNodeName("Mul"), "");
        OnnxNode mean = ctx.CreateNode("ReduceMean", squared, outputNames[1], ctx.GetNodeName("ReduceMean"), "");
        mean.AddAttribute("axes", new long[] { 1 });
        mean.AddAttribute("keepdims", 1L);
    }

    private bool IsValid() =>
        Network.InputShape.Rank == 1 && Network.InputShape.Size == _standardization.Count && Network.OutputShape.Size == _standardization.Count
        && EncoderLayerCount >= 1 && EncoderLayerCount < Network.Layers.Count && !float.IsNaN(TrainingThreshold);
}
