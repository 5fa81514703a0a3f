using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(EnsembleRegressionModelParameters), null, typeof(SignatureLoadModel),
    "Ensemble regressor", EnsembleRegressionModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// An ensemble trained for regression, the model of ML.NET's <see cref="RegressionPredictionTransformer{TModel}"/>: Score
/// is the weighted mean of the members' predictions (voting, bagging) or the meta-model's prediction (stacking).
/// </summary>
public sealed class EnsembleRegressionModelParameters : EnsembleModelParameters
{
    internal const string LoaderSignature = "EnsembleRegressionModel";
    private const string RegistrationName = nameof(EnsembleRegressionModelParameters);

    internal EnsembleRegressionModelParameters(IHostEnvironment env, EnsembleParts parts)
        : base(env, RegistrationName, parts)
    {
    }

    private EnsembleRegressionModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx)
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.Regression;

    private protected override DataViewType OutputType => NumberDataViewType.Single;

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "ENSMBREG",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(EnsembleRegressionModelParameters).Assembly.FullName);

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(GetVersionInfo());
    }

    internal static EnsembleRegressionModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new EnsembleRegressionModelParameters(env, ctx);
    }

    private protected override Delegate CreateMapper()
    {
        EnsembleRowCombiner combiner = CreateCombiner();
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> features, ref float score) => score = combiner.Combine(in features)[0];
        return map;
    }

    // ML.NET's regression scorer passes [Score].
    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string combined, string? metaProbability) =>
        ctx.CreateNode("Identity", combined, outputNames[0], ctx.GetNodeName("Identity"), "");
}
