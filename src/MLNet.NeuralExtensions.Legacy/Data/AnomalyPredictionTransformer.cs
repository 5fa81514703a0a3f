using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Scores with an anomaly detector, as ML.NET's: appends <c>Score</c> (Single, higher is more anomalous) and
/// <c>PredictedLabel</c> (Boolean, true for an anomaly: score &gt; <see cref="Threshold"/>).
/// </summary>
/// <typeparam name="TModel">The model's type.</typeparam>
public sealed class AnomalyPredictionTransformer<TModel> : PredictionTransformerBase<TModel>
    where TModel : class
{
    internal const string LoaderSignature = "AnomalyPredXfer";

    internal AnomalyPredictionTransformer(TModel model, string featureColumnName, float threshold)
        : base(model, featureColumnName) => Threshold = threshold;

    /// <summary>Gets the score above which a row is predicted an anomaly.</summary>
    public float Threshold { get; }

    private protected override string Signature => LoaderSignature;

    internal static AnomalyPredictionTransformer<AutoencoderModelParameters> Load(ModelLoadContext ctx)
    {
        var (model, features) = LoadModel<AutoencoderModelParameters>(ctx);
        return new AnomalyPredictionTransformer<AutoencoderModelParameters>(model, features, ctx.Reader.ReadSingle());
    }

    private protected override IEnumerable<(DataViewSchema.DetachedColumn Column, Action<float[], int, ColumnBuffer> Fill)> OutputColumns() =>
        [ScalarScoreColumn(), ThresholdedLabelColumn(Threshold)];

    private protected override void ExportOutputs(OnnxPipelineContext context, string rawOutputs)
    {
        context.Set(DefaultColumnNames.Score, rawOutputs, NumberDataViewType.Single);
        ExportThresholdedLabel(context, rawOutputs, Threshold);
    }

    private protected override void SaveTask(BinaryWriter writer) => writer.Write(Threshold);
}
