using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>The multilayer perceptron trainers, as extension methods of the task catalogs' <c>Trainers</c>.</summary>
public static class MlpCatalog
{
    /// <summary>A multilayer perceptron for binary classification; see <see cref="NeuralNetworkBinaryTrainer"/>. The settings not named here
    /// are the defaults of <see cref="MlpOptions"/>: 10 % of the rows held out to validate on, early stopping after 30 epochs
    /// without improvement of their loss, keeping the best epoch's weights, and an L2 penalty of 1e-4.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="labelColumnName">The label: Boolean, Single/Double (&gt; 0 is positive) or a 2-category key. Default "Label".</param>
    /// <param name="featureColumnName">A known-size vector of Single. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="hiddenLayers">Units of each hidden layer; null (default) for one layer of 100.</param>
    /// <param name="epochs">Passes over the data, the most: early stopping usually ends training sooner. Default 200.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int[]? hiddenLayers = null, int epochs = 200, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, epochs, batchSize, learningRate));
    }

    /// <summary>A multilayer perceptron for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    /// <summary>A multilayer perceptron for multiclass classification; see <see cref="NeuralNetworkMulticlassTrainer"/>. The settings not named here
    /// are the defaults of <see cref="MlpOptions"/>: 10 % of the rows held out to validate on, early stopping after 30 epochs
    /// without improvement of their loss, keeping the best epoch's weights, and an L2 penalty of 1e-4.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="labelColumnName">The label, a key. Default "Label".</param>
    /// <param name="featureColumnName">A known-size vector of Single. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="hiddenLayers">Units of each hidden layer; null (default) for one layer of 100.</param>
    /// <param name="epochs">Passes over the data, the most: early stopping usually ends training sooner. Default 200.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkMulticlassTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int[]? hiddenLayers = null, int epochs = 200, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, epochs, batchSize, learningRate));
    }

    /// <summary>A multilayer perceptron for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkMulticlassTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    /// <summary>A multilayer perceptron for regression; see <see cref="NeuralNetworkRegressionTrainer"/>. The settings not named here
    /// are the defaults of <see cref="MlpOptions"/>: 10 % of the rows held out to validate on, early stopping after 30 epochs
    /// without improvement of their loss, keeping the best epoch's weights, and an L2 penalty of 1e-4.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="labelColumnName">The label, Single or Double. Default "Label".</param>
    /// <param name="featureColumnName">A known-size vector of Single. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="hiddenLayers">Units of each hidden layer; null (default) for one layer of 100.</param>
    /// <param name="epochs">Passes over the data, the most: early stopping usually ends training sooner. Default 200.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkRegressionTrainer Mlp(this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int[]? hiddenLayers = null, int epochs = 200, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, epochs, batchSize, learningRate));
    }

    /// <summary>A multilayer perceptron for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkRegressionTrainer Mlp(this RegressionCatalog.RegressionTrainers catalog, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    private static MlpOptions Simple(string labelColumnName, string featureColumnName, string? exampleWeightColumnName, int[]? hiddenLayers, int epochs, int batchSize, float learningRate) => new()
    {
        LabelColumnName = labelColumnName,
        FeatureColumnName = featureColumnName,
        ExampleWeightColumnName = exampleWeightColumnName,
        HiddenLayers = hiddenLayers ?? [100],
        Epochs = epochs,
        BatchSize = batchSize,
        LearningRate = learningRate,
    };
}
