using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(NeuralNetworkBinaryModelParameters), null, typeof(SignatureLoadModel),
    "Neural network binary classifier", NeuralNetworkBinaryModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A network trained for binary classification, the model of ML.NET's <see cref="BinaryPredictionTransformer{TModel}"/>:
/// Score is the network's one output, the logit of the positive class; Probability its sigmoid; PredictedLabel
/// Score &gt; 0 (probability &gt; 0.5), as ML.NET's calibrated binary classifiers give them.
/// </summary>
/// <remarks>The model binds to ML.NET's binary scorer itself (<see cref="NeuralNetworkBinaryRowMapper"/>) rather than
/// through ML.NET's wrapper of calibrated predictors, which refuses feature vectors of varying size.</remarks>
public sealed class NeuralNetworkBinaryModelParameters : NeuralNetworkModelParameters, IValueMapperDist, IBindableCanSaveOnnx
{
    internal const string LoaderSignature = "NeuralNetBinaryModel";
    private const string RegistrationName = nameof(NeuralNetworkBinaryModelParameters);

    internal NeuralNetworkBinaryModelParameters(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring, bool readsSequencesOfVaryingLength)
        : base(env, RegistrationName, network, history, scoring, readsSequencesOfVaryingLength)
    {
    }

    private NeuralNetworkBinaryModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx, GetVersionInfo())
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    private protected override DataViewType OutputType => NumberDataViewType.Single;

    DataViewType IValueMapperDist.DistType => NumberDataViewType.Single;

    private protected override VersionInfo Version => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "NNBINARY",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(NeuralNetworkBinaryModelParameters).Assembly.FullName);

    private protected override (OutputFunction Function, float Scale, float Offset) GradientTarget(ExplainedOutput output)
        => (output == ExplainedOutput.Probability ? OutputFunction.Sigmoid : OutputFunction.Identity, 1f, 0f);

    private protected override Delegate CreateMapper(RowInput input)
    {
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> features, ref float score) => score = input.Score(features)[0];
        return map;
    }

    ValueMapper<TIn, TOut, TDist> IValueMapperDist.GetMapper<TIn, TOut, TDist>()
    {
        Host.Check(typeof(TIn) == typeof(VBuffer<float>) && typeof(TOut) == typeof(float) && typeof(TDist) == typeof(float), "The network maps a vector of Single to a Single score and probability.");
        var input = new RowInput(this);
        ValueMapper<VBuffer<float>, float, float> map = (in VBuffer<float> features, ref float score, ref float probability) =>
        {
            score = input.Score(features)[0];
            probability = Sigmoid(score);
        };
        return (ValueMapper<TIn, TOut, TDist>)(Delegate)map;
    }

    ISchemaBoundMapper ISchemaBindableMapper.Bind(IHostEnvironment env, RoleMappedSchema schema) => new NeuralNetworkBinaryRowMapper(this, schema);

    bool IBindableCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, RoleMappedSchema schema, string[] outputNames)
    {
        string features = schema.Feature!.Value.Name;
        return ((ISingleCanSaveOnnx)this).SaveAsOnnx(ctx, outputNames, NetworkOnnxExport.FeatureVariable(ctx, features));
    }

    // ML.NET's binary scorer passes [PredictedLabel, Score, Probability] and derives the label itself.
    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string raw)
    {
        ctx.CreateNode("Identity", raw, outputNames[1], ctx.GetNodeName("Identity"), "");
        ctx.CreateNode("Sigmoid", raw, outputNames[2], ctx.GetNodeName("Sigmoid"), "");
    }
}
