using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Scores with a binary classifier, as ML.NET's: appends <c>Score</c> (Single, the raw score: the logit, positive for
/// the positive class), <c>Probability</c> (Single, the sigmoid of the score) and <c>PredictedLabel</c> (Boolean, score
/// &gt; <see cref="Threshold"/>).
/// </summary>
/// <typeparam name="TModel">The model's type.</typeparam>
public sealed class BinaryPredictionTransformer<TModel> : PredictionTransformerBase<TModel>
    where TModel : class
{
    internal const string LoaderSignature = "BinaryPredXfer";

    internal BinaryPredictionTransformer(TModel model, string featureColumnName, float threshold = 0f)
        : base(model, featureColumnName) => Threshold = threshold;

    /// <summary>Gets the score above which the predicted label is true; 0 by default (probability 0.5).</summary>
    public float Threshold { get; }

    private protected override string Signature => LoaderSignature;

    internal static ITransformer Load(ModelLoadContext ctx)
    {
        var (model, features) = LoadModel<IScoringModel>(ctx);
        float threshold = ctx.Reader.ReadSingle();
        return ForSupervisedModel(ctx, model, n => new BinaryPredictionTransformer<NeuralNetworkModelParameters>(n, features, threshold),
            e => new BinaryPredictionTransformer<EnsembleModelParameters>(e, features, threshold));
    }

    private protected override IEnumerable<(DataViewSchema.DetachedColumn Column, Action<float[], int, ColumnBuffer> Fill)> OutputColumns() =>
    [
        ScalarScoreColumn(),
        (new(DefaultColumnNames.Probability, NumberDataViewType.Single), (raw, rows, d) => System.Numerics.Tensors.TensorPrimitives.Sigmoid(raw.AsSpan(0, rows), ((ColumnBuffer<float>)d).ResetFixed(rows, 1))),
        ThresholdedLabelColumn(Threshold),
    ];

    private protected override void ExportOutputs(OnnxPipelineContext context, string rawOutputs)
    {
        context.Set(DefaultColumnNames.Score, rawOutputs, NumberDataViewType.Single);
        context.Set(DefaultColumnNames.Probability, context.Graph.Add("Sigmoid", [rawOutputs], "probability"), NumberDataViewType.Single);
        ExportThresholdedLabel(context, rawOutputs, Threshold);
    }

    private protected override void SaveTask(BinaryWriter writer) => writer.Write(Threshold);
}
