using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(EnsembleMulticlassModelParameters), null, typeof(SignatureLoadModel),
    "Ensemble multiclass classifier", EnsembleMulticlassModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// An ensemble trained for multiclass classification, the model of ML.NET's
/// <see cref="MulticlassPredictionTransformer{TModel}"/>: Score is the weighted mean of the members' class probabilities
/// (soft voting, bagging), the weighted share of their votes (hard voting) or the meta-model's Score (stacking), in the
/// label key's order; PredictedLabel is the first class of highest Score.
/// </summary>
public sealed class EnsembleMulticlassModelParameters : EnsembleModelParameters, IPredictorProducing<VBuffer<float>>
{
    internal const string LoaderSignature = "EnsembleMulticlassModel";
    private const string RegistrationName = nameof(EnsembleMulticlassModelParameters);

    internal EnsembleMulticlassModelParameters(IHostEnvironment env, EnsembleParts parts)
        : base(env, RegistrationName, parts)
    {
    }

    private EnsembleMulticlassModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx)
    {
    }

    /// <summary>Gets the number of classes.</summary>
    public int ClassCount => EnsembleMembers[0].ScoreSize;

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    private protected override DataViewType OutputType => new VectorDataViewType(NumberDataViewType.Single, ClassCount);

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "ENSMBMUL",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(EnsembleMulticlassModelParameters).Assembly.FullName);

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(GetVersionInfo());
    }

    internal static EnsembleMulticlassModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new EnsembleMulticlassModelParameters(env, ctx);
    }

    private protected override Delegate CreateMapper()
    {
        EnsembleRowCombiner combiner = CreateCombiner();
        int classes = ClassCount;
        ValueMapper<VBuffer<float>, VBuffer<float>> map = (in VBuffer<float> features, ref VBuffer<float> scores) =>
        {
            ReadOnlySpan<float> combined = combiner.Combine(in features);
            var editor = VBufferEditor.Create(ref scores, classes);
            combined.CopyTo(editor.Values);
            scores = editor.Commit();
        };
        return map;
    }

    // ML.NET's multiclass scorer passes [PredictedLabel, Score] and expects the model to write both (as its own
    // multiclass models do): PredictedLabel is the key (1-based, UInt32) of the first highest Score.
    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string combined, string? metaProbability)
    {
        ctx.CreateNode("Identity", combined, outputNames[1], ctx.GetNodeName("Identity"), "");
        string winner = ctx.AddIntermediateVariable(NumberDataViewType.Int64, "EnsembleWinner");
        OnnxNode argMax = ctx.CreateNode("ArgMax", combined, winner, ctx.GetNodeName("ArgMax"), "");
        argMax.AddAttribute("axis", 1L);
        argMax.AddAttribute("keepdims", 1L);
        string key = ctx.AddIntermediateVariable(NumberDataViewType.Int64, "EnsembleKey");
        ctx.CreateNode("Add", [winner, ctx.AddInitializer(1L, "one")], [key], ctx.GetNodeName("Add"), "");
        ctx.CreateNode("Cast", key, outputNames[0], ctx.GetNodeName("Cast"), "").AddAttribute("to", typeof(uint));
    }
}
