using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>What training an ensemble produced, from which the task's <see cref="EnsembleModelParameters"/> is made.</summary>
/// <param name="Combination">How the members combine.</param>
/// <param name="FeatureCount">The size of the ensemble's feature vector.</param>
/// <param name="Members">The fitted members.</param>
/// <param name="Weights">Each member's weight, summing to 1.</param>
/// <param name="MetaModel">The stacking meta-model, or null.</param>
/// <param name="Passthrough">Whether the meta-model also reads the features.</param>
/// <param name="OutOfBagScore">Bagging's out-of-bag score, or null.</param>
internal sealed record EnsembleParts(EnsembleCombination Combination, int FeatureCount, EnsembleMember[] Members, float[] Weights,
    ISingleFeaturePredictionTransformer<object>? MetaModel = null, bool Passthrough = false, double? OutOfBagScore = null);
