using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(NeuralNetworkMulticlassModelParameters), null, typeof(SignatureLoadModel),
    "Neural network multiclass classifier", NeuralNetworkMulticlassModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A network trained for multiclass classification, the model of ML.NET's
/// <see cref="MulticlassPredictionTransformer{TModel}"/>: the network has one output per class (the logits) and Score
/// is their softmax, the probability of each class, in the label key's order; PredictedLabel is the most probable key.
/// </summary>
public sealed class NeuralNetworkMulticlassModelParameters : NeuralNetworkModelParameters, IPredictorProducing<VBuffer<float>>
{
    internal const string LoaderSignature = "NeuralNetMulticlassModel";
    private const string RegistrationName = nameof(NeuralNetworkMulticlassModelParameters);

    internal NeuralNetworkMulticlassModelParameters(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring, bool readsSequencesOfVaryingLength)
        : base(env, RegistrationName, network, history, scoring, readsSequencesOfVaryingLength)
    {
    }

    private NeuralNetworkMulticlassModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx, GetVersionInfo())
    {
    }

    /// <summary>Gets the number of classes.</summary>
    public int ClassCount => Network.OutputShape.Size;

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    private protected override DataViewType OutputType => new VectorDataViewType(NumberDataViewType.Single, ClassCount);

    private protected override VersionInfo Version => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "NNMULTIC",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(NeuralNetworkMulticlassModelParameters).Assembly.FullName);

    // Score is the softmax of the logits, as is the probability.
    private protected override (OutputFunction Function, float Scale, float Offset) GradientTarget(ExplainedOutput output) => (OutputFunction.Softmax, 1f, 0f);

    private protected override Delegate CreateMapper(RowInput input)
    {
        int classes = ClassCount;
        ValueMapper<VBuffer<float>, VBuffer<float>> map = (in VBuffer<float> features, ref VBuffer<float> scores) =>
        {
            ReadOnlySpan<float> logits = input.Score(features);
            var editor = VBufferEditor.Create(ref scores, classes);
            SoftMax(logits, editor.Values);
            scores = editor.Commit();
        };
        return map;
    }

    // ML.NET's multiclass scorer passes [PredictedLabel, Score] and leaves both to the model: the label is the 1-based
    // key of the largest score.
    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string raw)
    {
        ctx.CreateNode("Softmax", raw, outputNames[1], ctx.GetNodeName("Softmax"), "").AddAttribute("axis", 1L);
        string index = ctx.AddIntermediateVariable(null, "most_probable", true);
        ctx.CreateNode("ArgMax", outputNames[1], index, ctx.GetNodeName("ArgMax"), "").AddAttribute("axis", 1L);
        string key = ctx.AddIntermediateVariable(null, "most_probable_key", true);
        ctx.CreateNode("Add", [index, ctx.AddInitializer(1L, "one")], [key], ctx.GetNodeName("Add"), "");
        ctx.CreateNode("Cast", key, outputNames[0], ctx.GetNodeName("Cast"), "").AddAttribute("to", typeof(uint));
    }
}
