using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains an ensemble for binary classification, as an ML.NET trainer returning ML.NET's
/// <see cref="BinaryPredictionTransformer{TModel}"/> over <see cref="EnsembleBinaryModelParameters"/>: Score, Probability
/// and PredictedLabel. Members are any binary trainers (FastTree, LightGbm, SdcaLogisticRegression, our Mlp…); a member
/// that gives no probability (SdcaNonCalibrated, AveragedPerceptron, LinearSvm) is calibrated by ML.NET's Platt
/// calibrator on its training rows where the ensemble averages probabilities, and contributes its Score in stacking (as
/// scikit-learn's <c>stack_method="auto"</c> takes <c>decision_function</c>). Made by
/// <c>mlContext.BinaryClassification.Trainers</c>'s <c>Bagging</c>, <c>Voting</c> and <c>Stacking</c>.
/// </summary>
public sealed class EnsembleBinaryTrainer : EnsembleTrainerBase<BinaryPredictionTransformer<EnsembleBinaryModelParameters>, EnsembleBinaryModelParameters>
{
    internal EnsembleBinaryTrainer(IHostEnvironment env, EnsembleOptions options, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null)
        : base(env, EnsembleTask.Binary, options, metaLearner)
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    private protected override EnsembleBinaryModelParameters CreateModel(IHostEnvironment env, EnsembleParts parts) => new(env, parts);

    /// <inheritdoc/>
    protected override BinaryPredictionTransformer<EnsembleBinaryModelParameters> MakeTransformer(EnsembleBinaryModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
