using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>The recurrent network trainers, as extension methods of the task catalogs' <c>Trainers</c>.</summary>
public static class LstmCatalog
{
    /// <summary>A recurrent (LSTM) network over sequences for binary classification; see <see cref="LstmOptions"/> and <see cref="NeuralNetworkBinaryTrainer"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="labelColumnName">The label: Boolean, Single/Double (&gt; 0 is positive) or a 2-category key. Default "Label".</param>
    /// <param name="featureColumnName">Sequences as a vector of Single, steps × features per step: of known size, or of varying size with one sequence of any length per row. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="featuresPerStep">Features per step. Default 1.</param>
    /// <param name="units">Units of the LSTM layer. Default 64.</param>
    /// <param name="epochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkBinaryTrainer Lstm(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int featuresPerStep = 1, int units = 64, int epochs = 20, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, featuresPerStep, units, epochs, batchSize, learningRate));
    }

    /// <summary>A recurrent (LSTM) network over sequences for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkBinaryTrainer Lstm(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, LstmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    /// <summary>A recurrent (LSTM) network over sequences for multiclass classification; see <see cref="LstmOptions"/> and <see cref="NeuralNetworkMulticlassTrainer"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="labelColumnName">The label, a key. Default "Label".</param>
    /// <param name="featureColumnName">Sequences as a vector of Single, steps × features per step: of known size, or of varying size with one sequence of any length per row. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="featuresPerStep">Features per step. Default 1.</param>
    /// <param name="units">Units of the LSTM layer. Default 64.</param>
    /// <param name="epochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkMulticlassTrainer Lstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int featuresPerStep = 1, int units = 64, int epochs = 20, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, featuresPerStep, units, epochs, batchSize, learningRate));
    }

    /// <summary>A recurrent (LSTM) network over sequences for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkMulticlassTrainer Lstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, LstmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    /// <summary>A recurrent (LSTM) network over sequences for regression; see <see cref="LstmOptions"/> and <see cref="NeuralNetworkRegressionTrainer"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="labelColumnName">The label, Single or Double. Default "Label".</param>
    /// <param name="featureColumnName">Sequences as a vector of Single, steps × features per step: of known size, or of varying size with one sequence of any length per row. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="featuresPerStep">Features per step. Default 1.</param>
    /// <param name="units">Units of the LSTM layer. Default 64.</param>
    /// <param name="epochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkRegressionTrainer Lstm(this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int featuresPerStep = 1, int units = 64, int epochs = 20, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, featuresPerStep, units, epochs, batchSize, learningRate));
    }

    /// <summary>A recurrent (LSTM) network over sequences for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkRegressionTrainer Lstm(this RegressionCatalog.RegressionTrainers catalog, LstmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    private static LstmOptions Simple(string labelColumnName, string featureColumnName, string? exampleWeightColumnName, int featuresPerStep, int units, int epochs, int batchSize, float learningRate) => new()
    {
        LabelColumnName = labelColumnName,
        FeatureColumnName = featureColumnName,
        ExampleWeightColumnName = exampleWeightColumnName,
        FeaturesPerStep = featuresPerStep,
        RecurrentUnits = [units],
        Epochs = epochs,
        BatchSize = batchSize,
        LearningRate = learningRate,
    };
}
