using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains an ensemble for multiclass classification, as an ML.NET trainer returning ML.NET's
/// <see cref="MulticlassPredictionTransformer{TModel}"/> over <see cref="EnsembleMulticlassModelParameters"/>: Score (one
/// value per class) and PredictedLabel. Members are any multiclass trainers (LightGbm, SdcaMaximumEntropy, OneVersusAll,
/// our Mlp…); where the ensemble averages probabilities, a member's Score is taken as its class probabilities when it is a
/// probability distribution on every training row, and its softmax otherwise (raw scores, such as SdcaNonCalibrated's).
/// Made by <c>mlContext.MulticlassClassification.Trainers</c>'s <c>Bagging</c>, <c>Voting</c> and <c>Stacking</c>.
/// </summary>
public sealed class EnsembleMulticlassTrainer : EnsembleTrainerBase<MulticlassPredictionTransformer<EnsembleMulticlassModelParameters>, EnsembleMulticlassModelParameters>
{
    internal EnsembleMulticlassTrainer(IHostEnvironment env, EnsembleOptions options, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null)
        : base(env, EnsembleTask.Multiclass, options, metaLearner)
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    private protected override EnsembleMulticlassModelParameters CreateModel(IHostEnvironment env, EnsembleParts parts) => new(env, parts);

    /// <inheritdoc/>
    protected override MulticlassPredictionTransformer<EnsembleMulticlassModelParameters> MakeTransformer(EnsembleMulticlassModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name, LabelColumn.Name);
}
