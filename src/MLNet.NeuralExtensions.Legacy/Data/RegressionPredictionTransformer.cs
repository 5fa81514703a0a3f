using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Data;

/// <summary>Scores with a regression model, as ML.NET's: appends <c>Score</c> (Single), the predicted value.</summary>
/// <typeparam name="TModel">The model's type.</typeparam>
public sealed class RegressionPredictionTransformer<TModel> : PredictionTransformerBase<TModel>
    where TModel : class
{
    internal const string LoaderSignature = "RegressionPredXfer";

    internal RegressionPredictionTransformer(TModel model, string featureColumnName)
        : base(model, featureColumnName)
    {
    }

    private protected override string Signature => LoaderSignature;

    internal static ITransformer Load(ModelLoadContext ctx)
    {
        var (model, features) = LoadModel<IScoringModel>(ctx);
        return ForSupervisedModel(ctx, model, n => new RegressionPredictionTransformer<NeuralNetworkModelParameters>(n, features),
            e => new RegressionPredictionTransformer<EnsembleModelParameters>(e, features));
    }

    private protected override IEnumerable<(DataViewSchema.DetachedColumn Column, Action<float[], int, ColumnBuffer> Fill)> OutputColumns() =>
        [ScalarScoreColumn()];

    private protected override void ExportOutputs(OnnxPipelineContext context, string rawOutputs) =>
        context.Set(DefaultColumnNames.Score, rawOutputs, NumberDataViewType.Single);

    private protected override void SaveTask(BinaryWriter writer)
    {
    }
}
