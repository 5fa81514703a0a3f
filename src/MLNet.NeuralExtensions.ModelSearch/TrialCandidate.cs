using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>One point of the search space: a trainer family with settings, and a treatment of rare classes.</summary>
/// <param name="Family">The trainer.</param>
/// <param name="Settings">The settings drawn, as "name=value" pairs; empty for the trainer's defaults.</param>
/// <param name="Imbalance">The treatment of rare classes.</param>
/// <param name="CreateTrainer">Builds the trainer for a trial.</param>
internal sealed record TrialCandidate(TrainerFamily Family, string Settings, ImbalanceTreatment Imbalance,
    Func<TrialContext, IEstimator<ISingleFeaturePredictionTransformer<object>>> CreateTrainer)
{
    /// <summary>The settings with the treatment of rare classes, as the leaderboard shows them.</summary>
    public string Description => Imbalance == ImbalanceTreatment.None ? (Settings.Length == 0 ? "defaults" : Settings)
        : $"{(Settings.Length == 0 ? "defaults" : Settings)}, {Imbalance}";

    /// <summary>The estimator a trial fits after the featurization: SMOTE when asked, then the trainer.</summary>
    public IEstimator<ITransformer> CreateEstimator(TrialContext context) => Imbalance == ImbalanceTreatment.Smote
        ? context.ML.Transforms.OverSampleSmote(Featurization.FeatureColumnName, LabelPreparation.LabelColumnName, seed: context.Seed).Append(CreateTrainer(context))
        : CreateTrainer(context);
}
