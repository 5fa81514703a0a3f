using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(NeuralNetworkRegressionModelParameters), null, typeof(SignatureLoadModel),
    "Neural network regressor", NeuralNetworkRegressionModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A network trained for regression, the model of ML.NET's <see cref="RegressionPredictionTransformer{TModel}"/>: Score
/// is the network's one output mapped back to the label's scale (output × <see cref="LabelScale"/> +
/// <see cref="LabelOffset"/>; the network learns the standardized label, see <see cref="NeuralNetworkOptions.StandardizeLabel"/>).
/// </summary>
public sealed class NeuralNetworkRegressionModelParameters : NeuralNetworkModelParameters
{
    internal const string LoaderSignature = "NeuralNetRegressionModel";
    private const string RegistrationName = nameof(NeuralNetworkRegressionModelParameters);

    internal NeuralNetworkRegressionModelParameters(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring, bool readsSequencesOfVaryingLength,
        float labelOffset, float labelScale)
        : base(env, RegistrationName, network, history, scoring, readsSequencesOfVaryingLength)
    {
        LabelOffset = labelOffset;
        LabelScale = labelScale;
    }

    private NeuralNetworkRegressionModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx, GetVersionInfo())
    {
        // *** Binary format, after the network's ***
        // float: label offset; float: label scale
        LabelOffset = ctx.Reader.ReadSingle();
        LabelScale = ctx.Reader.ReadSingle();
        Host.CheckDecode(float.IsFinite(LabelOffset) && float.IsFinite(LabelScale) && LabelScale > 0, "The model's label scaling is not valid.");
    }

    /// <summary>Gets what is added to the network's output: the training label's mean, or 0 without standardization.</summary>
    public float LabelOffset { get; }

    /// <summary>Gets what the network's output is multiplied by: the training label's standard deviation, or 1 without
    /// standardization.</summary>
    public float LabelScale { get; }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.Regression;

    private protected override DataViewType OutputType => NumberDataViewType.Single;

    private protected override VersionInfo Version => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "NNREGRES",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(NeuralNetworkRegressionModelParameters).Assembly.FullName);

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.Writer.Write(LabelOffset);
        ctx.Writer.Write(LabelScale);
    }

    private protected override (OutputFunction Function, float Scale, float Offset) GradientTarget(ExplainedOutput output)
        => output == ExplainedOutput.Score
            ? (OutputFunction.Identity, LabelScale, LabelOffset)
            : throw new ArgumentOutOfRangeException(nameof(output), output, "A regression model has only a Score output.");

    private protected override Delegate CreateMapper(RowInput input)
    {
        float offset = LabelOffset, scale = LabelScale;
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> features, ref float score) => score = (input.Score(features)[0] * scale) + offset;
        return map;
    }

    // ML.NET's regression scorer passes [Score].
    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string raw)
    {
        string scaled = ctx.AddIntermediateVariable(null, "scaled_score", true);
        ctx.CreateNode("Mul", [raw, ctx.AddInitializer(LabelScale, "label_scale")], [scaled], ctx.GetNodeName("Mul"), "");
        ctx.CreateNode("Add", [scaled, ctx.AddInitializer(LabelOffset, "label_offset")], [outputNames[0]], ctx.GetNodeName("Add"), "");
    }
}
