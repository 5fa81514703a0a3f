using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(EnsembleBinaryModelParameters), null, typeof(SignatureLoadModel),
    "Ensemble binary classifier", EnsembleBinaryModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// An ensemble trained for binary classification, the model of ML.NET's <see cref="BinaryPredictionTransformer{TModel}"/>.
/// Averaging and voting: Probability is the weighted mean of the members' probabilities (soft) or the weighted share of
/// their votes (hard), kept within [1e-7, 1 − 1e-7], and Score its logit, so that PredictedLabel (Score &gt; 0) is
/// probability &gt; 0.5 and a tied vote is negative. Stacking: Score and Probability are the meta-model's.
/// </summary>
public sealed class EnsembleBinaryModelParameters : EnsembleModelParameters, IValueMapperDist
{
    internal const string LoaderSignature = "EnsembleBinaryModel";
    private const string RegistrationName = nameof(EnsembleBinaryModelParameters);

    internal EnsembleBinaryModelParameters(IHostEnvironment env, EnsembleParts parts)
        : base(env, RegistrationName, parts)
    {
    }

    private EnsembleBinaryModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx)
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    private protected override DataViewType OutputType => NumberDataViewType.Single;

    DataViewType IValueMapperDist.DistType => NumberDataViewType.Single;

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "ENSMBBIN",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(EnsembleBinaryModelParameters).Assembly.FullName);

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(GetVersionInfo());
    }

    internal static EnsembleBinaryModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new EnsembleBinaryModelParameters(env, ctx);
    }

    private protected override Delegate CreateMapper()
    {
        ValueMapper<VBuffer<float>, float, float> both = ScoreAndProbability();
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> features, ref float score) =>
        {
            float probability = 0;
            both(in features, ref score, ref probability);
        };
        return map;
    }

    ValueMapper<TIn, TOut, TDist> IValueMapperDist.GetMapper<TIn, TOut, TDist>()
    {
        Host.Check(typeof(TIn) == typeof(VBuffer<float>) && typeof(TOut) == typeof(float) && typeof(TDist) == typeof(float), "The ensemble maps a vector of Single to a Single score and probability.");
        return (ValueMapper<TIn, TOut, TDist>)(Delegate)ScoreAndProbability();
    }

    private ValueMapper<VBuffer<float>, float, float> ScoreAndProbability()
    {
        EnsembleRowCombiner combiner = CreateCombiner();
        bool stacked = MetaModel is not null;
        return (in VBuffer<float> features, ref float score, ref float probability) =>
        {
            float combined = combiner.Combine(in features)[0];
            if (stacked)
            {
                score = combined;
                probability = combiner.MetaProbability;
            }
            else
            {
                probability = Math.Clamp(combined, EnsembleTask.ProbabilityFloor, 1 - EnsembleTask.ProbabilityFloor);
                score = MathF.Log(probability / (1 - probability));
            }
        };
    }

    // ML.NET's binary scorer passes [PredictedLabel, Score, Probability] and derives the label itself.
    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string combined, string? metaProbability)
    {
        if (metaProbability is not null)
        {
            ctx.CreateNode("Identity", combined, outputNames[1], ctx.GetNodeName("Identity"), "");
            ctx.CreateNode("Identity", metaProbability, outputNames[2], ctx.GetNodeName("Identity"), "");
            return;
        }

        string floor = ctx.AddInitializer(EnsembleTask.ProbabilityFloor, "probability_floor");
        string ceiling = ctx.AddInitializer(1 - EnsembleTask.ProbabilityFloor, "probability_ceiling");
        ctx.CreateNode("Clip", [combined, floor, ceiling], [outputNames[2]], ctx.GetNodeName("Clip"), "");
        string complement = ctx.AddIntermediateVariable(NumberDataViewType.Single, "EnsembleComplement");
        ctx.CreateNode("Sub", [ctx.AddInitializer(1f, "one"), outputNames[2]], [complement], ctx.GetNodeName("Sub"), "");
        string odds = ctx.AddIntermediateVariable(NumberDataViewType.Single, "EnsembleOdds");
        ctx.CreateNode("Div", [outputNames[2], complement], [odds], ctx.GetNodeName("Div"), "");
        ctx.CreateNode("Log", odds, outputNames[1], ctx.GetNodeName("Log"), "");
    }
}
