using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Finds what an explanation explains in a trained model: its last prediction transformer, however deeply its
/// chains nest, and for gradient-based methods that transformer's network.</summary>
internal static class ExplainedModel
{
    /// <summary>The last prediction transformer reading one feature column in <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="model"/> holds none; the message names its type.</exception>
    public static ISingleFeaturePredictionTransformer<object> Prediction(ITransformer model)
        => Find(model) ?? throw new ArgumentException($"{model.GetType().Name} holds no prediction transformer reading one feature column (the output of an ML.NET trainer).", nameof(model));

    /// <summary>The last prediction transformer of <paramref name="model"/> and its network, for <paramref name="method"/>.</summary>
    /// <exception cref="ArgumentException">The model holds no prediction transformer, or its model has no gradients (a
    /// tree ensemble, a linear model of ML.NET); the message names its type and the model-agnostic alternative.</exception>
    public static (ISingleFeaturePredictionTransformer<object> Prediction, NeuralNetworkModelParameters Network) Network(ITransformer model, string method)
    {
        ISingleFeaturePredictionTransformer<object> prediction = Prediction(model);
        return prediction.Model is NeuralNetworkModelParameters network
            ? (prediction, network)
            : throw new ArgumentException($"{method} needs the gradients of a network trained by this package (Mlp, Cnn, Lstm); the model is {Describe(prediction.Model.GetType())}, which has none. Explain any ML.NET model with mlContext.Transforms.ExplainByKernelShap, which needs only its predictions.", nameof(model));
    }

    // A type's name with its type arguments: FeatureWeightsCalibratedModelParameters<FastTreeBinaryModelParameters, PlattCalibrator>.
    private static string Describe(Type type)
        => type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.Name;

    private static ISingleFeaturePredictionTransformer<object>? Find(ITransformer model) => model switch
    {
        ISingleFeaturePredictionTransformer<object> prediction => prediction,
        IEnumerable<ITransformer> chain => chain.Reverse().Select(Find).FirstOrDefault(p => p is not null),
        _ => null,
    };
}
