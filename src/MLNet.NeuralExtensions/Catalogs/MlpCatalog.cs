using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>Prototype.</summary>
public static class MlpCatalog
{
    /// <summary>Prototype.</summary>
    public static NeuralNetworkBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog)
        => new(catalog.GetEnvironment());
}
