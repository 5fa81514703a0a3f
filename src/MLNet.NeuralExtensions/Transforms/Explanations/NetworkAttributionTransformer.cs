using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

[assembly: LoadableClass(typeof(NetworkAttributionTransformer), null, typeof(SignatureLoadModel),
    "Network attribution", NetworkAttributionTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(NetworkAttributionTransformer), null, typeof(SignatureLoadRowMapper),
    "Network attribution", NetworkAttributionTransformer.LoaderSignature)]

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Adds, per row, each feature's attribution to one output of a trained network (<see cref="ExplainedOutput"/>, a
/// class for a multiclass model) by <see cref="Method"/>: saliency (gradient × input), Integrated Gradients or
/// SmoothGrad, built on the network's input gradients (<see cref="NeuralNetworkModelParameters.CreateInputGradients"/>),
/// or Grad-CAM, built on the gradients of a convolution layer's feature maps (<see cref="ClassActivationMaps"/>). The
/// attribution column is a vector of Single of the feature column's size and slot names, or for Grad-CAM of the image's
/// height × width (<see cref="AttributionTransformerBase.AttributionCount"/>; with the slot names for a one-channel
/// image). Saved in ML.NET's model file (the network in its own directory "Network"). Made by
/// <c>mlContext.Transforms.ExplainBySaliency</c>, <c>ExplainByIntegratedGradients</c>, <c>ExplainBySmoothGrad</c> and
/// <c>ExplainByGradCam</c>.
/// </summary>
public sealed class NetworkAttributionTransformer : AttributionTransformerBase
{
    internal const string LoaderSignature = "NetworkAttribution";
    private const string ModelDirectory = "Network";
    private readonly float[]? _baseline;
    private readonly int? _layerIndex;
    private int _mapSize;

    internal NetworkAttributionTransformer(IHostEnvironment env, NeuralNetworkModelParameters model, string outputColumnName, string inputColumnName,
        ExplainedOutput output, int classIndex, AttributionMethod method, float[]? baseline, int steps, IntegrationRule rule,
        float noiseStandardDeviation, int samples, int seed, int? layerIndex)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(NetworkAttributionTransformer)), outputColumnName, inputColumnName, model.Network.InputShape.Size)
    {
        Model = model;
        Output = output;
        ClassIndex = classIndex;
        Method = method;
        _baseline = baseline;
        Steps = steps;
        Rule = rule;
        NoiseStandardDeviation = noiseStandardDeviation;
        Samples = samples;
        Seed = seed;
        _layerIndex = layerIndex;
        Validate();
    }

    private NetworkAttributionTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format (after the base's) ***
        // int: explained output; int: class index; int: method; int: steps; int: rule; float: noise σ; int: samples;
        // int: seed; int (from version 1.2): Grad-CAM's layer index (-1: the last convolution block); bool: has
        // baseline, then float × feature count
        // The network's model in the sub-model "Network".
        BinaryReader reader = ctx.Reader;
        Output = (ExplainedOutput)reader.ReadInt32();
        ClassIndex = reader.ReadInt32();
        Method = (AttributionMethod)reader.ReadInt32();
        Steps = reader.ReadInt32();
        Rule = (IntegrationRule)reader.ReadInt32();
        NoiseStandardDeviation = reader.ReadSingle();
        Samples = reader.ReadInt32();
        Seed = reader.ReadInt32();
        int layer = ctx.Header.ModelVerWritten >= GradCamVersion ? reader.ReadInt32() : -1;
        Host.CheckDecode(layer >= -1, "the layer index is not valid");
        _layerIndex = layer < 0 ? null : layer;
        _baseline = reader.ReadBoolean() ? reader.ReadFloatArray(FeatureCount) : null;
        ctx.LoadModel<NeuralNetworkModelParameters, SignatureLoadModel>(host, out NeuralNetworkModelParameters model, ModelDirectory);
        Model = model;
        Validate();
    }

    /// <summary>Gets the explained model.</summary>
    public NeuralNetworkModelParameters Model { get; }

    /// <summary>Gets the output explained: Score or Probability.</summary>
    public ExplainedOutput Output { get; }

    /// <summary>Gets the class explained (a multiclass model's 0-based label index), else 0.</summary>
    public int ClassIndex { get; }

    /// <summary>Gets how attributions are computed.</summary>
    public AttributionMethod Method { get; }

    /// <summary>Gets Integrated Gradients' baseline (a copy): all zeros unless one was given.</summary>
    public float[] Baseline => _baseline is null ? new float[FeatureCount] : (float[])_baseline.Clone();

    /// <summary>Gets Integrated Gradients' number of steps along the path.</summary>
    public int Steps { get; }

    /// <summary>Gets Integrated Gradients' Riemann sum.</summary>
    public IntegrationRule Rule { get; }

    /// <summary>Gets SmoothGrad's noise standard deviation, in the features' units.</summary>
    public float NoiseStandardDeviation { get; }

    /// <summary>Gets SmoothGrad's number of noisy copies per row.</summary>
    public int Samples { get; }

    /// <summary>Gets SmoothGrad's seed; row r's noise comes from a stream seeded by it and r, so results do not depend
    /// on how cursors split the rows.</summary>
    public int Seed { get; }

    /// <summary>Gets the layer whose feature maps Grad-CAM weighs: the index among the network's layers, as named or as
    /// found (the last convolution block); null for the other methods.</summary>
    public int? LayerIndex { get; private set; }

    /// <inheritdoc/>
    public override int AttributionCount => Method == AttributionMethod.GradCam ? _mapSize : FeatureCount;

    private protected override string MethodName => Method switch
    {
        AttributionMethod.IntegratedGradients => "Integrated Gradients",
        AttributionMethod.SmoothGrad => "SmoothGrad",
        AttributionMethod.GradCam => "Grad-CAM",
        _ => "saliency",
    };

    // The points gradients are taken at per row.
    private int PointCount => Method switch
    {
        AttributionMethod.IntegratedGradients => Rule == IntegrationRule.Trapezoid ? Steps + 1 : Steps,
        AttributionMethod.SmoothGrad => Samples,
        _ => 1,
    };

    /// <summary>The format version that added Grad-CAM's layer index: 1.2.</summary>
    private const uint GradCamVersion = 0x00010002;

    private static VersionInfo GetVersionInfo() => Version("NNATTRIB", LoaderSignature, GradCamVersion);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        SaveColumnsAndSize(ctx, GetVersionInfo());
        BinaryWriter writer = ctx.Writer;
        writer.Write((int)Output);
        writer.Write(ClassIndex);
        writer.Write((int)Method);
        writer.Write(Steps);
        writer.Write((int)Rule);
        writer.Write(NoiseStandardDeviation);
        writer.Write(Samples);
        writer.Write(Seed);
        writer.Write(_layerIndex ?? -1);
        writer.Write(_baseline is not null);
        if (_baseline is not null)
        {
            writer.WriteSinglesNoCount(_baseline);
        }

        ctx.SaveModel(Model, ModelDirectory);
    }

    private protected override RowExplainer CreateRowExplainer()
    {
        if (Method == AttributionMethod.GradCam)
        {
            (ClassActivationMaps maps, float scale) = Model.CreateClassActivationMaps(Output, ClassIndex, _layerIndex);
            float[] output = new float[1];
            return (features, _, attributions) =>
            {
                maps.Compute(features, 1, attributions, output);
                TensorPrimitives.Multiply(attributions, scale, attributions);
            };
        }

        NetworkInputGradients gradients = Model.CreateInputGradients(Output, ClassIndex);
        int width = FeatureCount, points = PointCount;
        float[] baseline = Baseline, path = new float[points * width], pathGradients = new float[points * width], outputs = new float[points];
        double[] weights = PathWeights();
        double[] sum = new double[width];
        return (features, row, attributions) =>
        {
            FillPoints(features, baseline, row, path);
            gradients.Compute(path, points, pathGradients, outputs);
            Array.Clear(sum);
            for (int p = 0; p < points; p++)
            {
                ReadOnlySpan<float> g = pathGradients.AsSpan(p * width, width);
                for (int i = 0; i < width; i++)
                {
                    sum[i] += weights[p] * g[i];
                }
            }

            for (int i = 0; i < width; i++)
            {
                float delta = Method == AttributionMethod.IntegratedGradients ? features[i] - baseline[i] : features[i];
                attributions[i] = (float)(delta * sum[i]);
            }
        };
    }

    // The weight of each point's gradient in the average.
    private double[] PathWeights()
    {
        int points = PointCount;
        double[] weights = [.. Enumerable.Repeat(1.0 / (Method == AttributionMethod.IntegratedGradients ? Steps : points), points)];
        if (Method == AttributionMethod.IntegratedGradients && Rule == IntegrationRule.Trapezoid)
        {
            weights[0] /= 2;
            weights[^1] /= 2;
        }

        return weights;
    }

    // The inputs the gradients are taken at: the row; the path from the baseline; or noisy copies of the row.
    private void FillPoints(ReadOnlySpan<float> features, float[] baseline, long row, float[] path)
    {
        int width = FeatureCount;
        switch (Method)
        {
            case AttributionMethod.IntegratedGradients:
                for (int p = 0; p < PointCount; p++)
                {
                    double alpha = Rule == IntegrationRule.Trapezoid ? (double)p / Steps : (p + 0.5) / Steps;
                    for (int i = 0; i < width; i++)
                    {
                        path[(p * width) + i] = (float)(baseline[i] + (alpha * (features[i] - baseline[i])));
                    }
                }

                break;
            case AttributionMethod.SmoothGrad:
                var random = new Random(unchecked((int)((Seed * 1_000_003L) + row)));
                for (int p = 0; p < Samples; p++)
                {
                    for (int i = 0; i < width; i++)
                    {
                        path[(p * width) + i] = features[i] + (float)(NoiseStandardDeviation * Gaussian.Sample(random));
                    }
                }

                break;
            default:
                features.CopyTo(path);
                break;
        }
    }

    private void Validate()
    {
        Host.CheckParam(Enum.IsDefined(Method), nameof(Method), $"{Method} is not an attribution method");
        Host.CheckParam(Enum.IsDefined(Rule), nameof(Rule), $"{Rule} is not an integration rule");
        if (Steps <= 0)
        {
            throw new ArgumentOutOfRangeException("steps", Steps, "Integrated Gradients needs at least 1 step along the path.");
        }

        if (Samples <= 0)
        {
            throw new ArgumentOutOfRangeException("samples", Samples, "SmoothGrad needs at least 1 noisy sample per row.");
        }

        if (!(NoiseStandardDeviation >= 0f) || float.IsInfinity(NoiseStandardDeviation))
        {
            throw new ArgumentOutOfRangeException("noiseStandardDeviation", NoiseStandardDeviation, "SmoothGrad's noise standard deviation must be finite and at least 0.");
        }

        if (_baseline is not null)
        {
            if (_baseline.Length != FeatureCount)
            {
                throw new ArgumentException($"The baseline has {_baseline.Length} values; the features in column '{InputColumnName}' have {FeatureCount}.", "baseline");
            }

            int bad = Array.FindIndex(_baseline, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new ArgumentException($"Baseline value {bad} is {_baseline[bad]}; the baseline must be finite.", "baseline");
            }
        }

        // Throws for an output, class or layer the model does not have, before any row is read.
        if (Method != AttributionMethod.GradCam)
        {
            Model.CreateInputGradients(Output, ClassIndex);
            return;
        }

        try
        {
            ClassActivationMaps maps = Model.CreateClassActivationMaps(Output, ClassIndex, _layerIndex).Maps;
            (LayerIndex, _mapSize) = (maps.LayerIndex, maps.MapSize);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException($"{ex.Message} With ML.NET: mlContext.Transforms.ExplainByIntegratedGradients or ExplainBySaliency.", "model", ex);
        }
    }

    // Factory method for SignatureLoadModel.
    private static NetworkAttributionTransformer Create(IHostEnvironment env, ModelLoadContext ctx) => new(LoadingHost(env, ctx, GetVersionInfo()), ctx);

    // Factory method for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema) => Create(env, ctx).MakeRowMapper(inputSchema);
}
