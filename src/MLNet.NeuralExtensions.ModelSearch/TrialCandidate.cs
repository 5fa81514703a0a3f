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

    /// <summary>The most neighbours SMOTE draws from: 5, imbalanced-learn's default.</summary>
    public const int SmoteNeighbors = 5;

    /// <summary>The estimator a trial fits after the featurization: SMOTE when asked (with 5 neighbours, or one fewer than
    /// the rarest class's training rows when it has no more than 5), then the trainer.</summary>
    /// <exception cref="InvalidOperationException">SMOTE is asked for and a class has a single training row.</exception>
    public IEstimator<ITransformer> CreateEstimator(TrialContext context)
    {
        if (Imbalance != ImbalanceTreatment.Smote)
        {
            return CreateTrainer(context);
        }
        if (context.SmallestClassRows < 2)
        {
            throw new InvalidOperationException($"SMOTE needs two rows of every class to interpolate between; the rarest class has {context.SmallestClassRows} in this trial's training rows.");
        }
        int neighbors = (int)Math.Min(SmoteNeighbors, context.SmallestClassRows - 1);
        return context.ML.Transforms.OverSampleSmote(Featurization.FeatureColumnName, LabelPreparation.LabelColumnName, neighbors, seed: context.Seed).Append(CreateTrainer(context));
    }
}
