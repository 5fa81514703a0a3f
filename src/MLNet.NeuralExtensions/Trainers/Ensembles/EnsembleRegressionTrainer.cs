using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains an ensemble for regression, as an ML.NET trainer returning ML.NET's
/// <see cref="RegressionPredictionTransformer{TModel}"/> over <see cref="EnsembleRegressionModelParameters"/>: Score.
/// Members are any regression trainers (FastTree, LightGbm, Sdca, our Mlp…). Made by
/// <c>mlContext.Regression.Trainers</c>'s <c>Bagging</c>, <c>Voting</c> and <c>Stacking</c>.
/// </summary>
public sealed class EnsembleRegressionTrainer : EnsembleTrainerBase<RegressionPredictionTransformer<EnsembleRegressionModelParameters>, EnsembleRegressionModelParameters>
{
    internal EnsembleRegressionTrainer(IHostEnvironment env, EnsembleOptions options, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner = null)
        : base(env, EnsembleTask.Regression, options, metaLearner)
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.Regression;

    private protected override EnsembleRegressionModelParameters CreateModel(IHostEnvironment env, EnsembleParts parts) => new(env, parts);

    /// <inheritdoc/>
    protected override RegressionPredictionTransformer<EnsembleRegressionModelParameters> MakeTransformer(EnsembleRegressionModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
