using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Gives a bagging member its own seed where the member's trainer takes one from its options: our neural
/// trainers, rebuilt on a copy of their options with the seed set (<c>NetworkTrainingOptions.WithSeed</c>; the user's
/// options are not changed). Other estimators are returned as they are.</summary>
internal static class MemberSeeding
{
    public static IEstimator<ISingleFeaturePredictionTransformer<object>> WithSeed(IEstimator<ISingleFeaturePredictionTransformer<object>> estimator, int seed, IHostEnvironment env) => estimator switch
    {
        NeuralNetworkBinaryTrainer t => new NeuralNetworkBinaryTrainer(env, (NeuralNetworkOptions)t.Options.WithSeed(seed)),
        NeuralNetworkMulticlassTrainer t => new NeuralNetworkMulticlassTrainer(env, (NeuralNetworkOptions)t.Options.WithSeed(seed)),
        NeuralNetworkRegressionTrainer t => new NeuralNetworkRegressionTrainer(env, (NeuralNetworkOptions)t.Options.WithSeed(seed)),
        _ => estimator,
    };
}
