using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions;

/// <summary>The convolutional network trainers, as extension methods of the task catalogs' <c>Trainers</c>.</summary>
public static class CnnCatalog
{
    /// <summary>A convolutional network over images for binary classification; see <see cref="CnnOptions"/> and <see cref="NeuralNetworkBinaryTrainer"/>.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="labelColumnName">The label: Boolean, Single/Double (&gt; 0 is positive) or a 2-category key. Default "Label".</param>
    /// <param name="featureColumnName">Images as a known-size vector of Single, channels × height × width. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="imageChannels">Channels per image. Default 1.</param>
    /// <param name="imageHeight">Image height, or 0 (default) to infer it (square images).</param>
    /// <param name="imageWidth">Image width, or 0 (default) to infer it.</param>
    /// <param name="epochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkBinaryTrainer Cnn(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int imageChannels = 1, int imageHeight = 0, int imageWidth = 0, int epochs = 20, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, imageChannels, imageHeight, imageWidth, epochs, batchSize, learningRate));
    }

    /// <summary>A convolutional network over images for binary classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkBinaryTrainer Cnn(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, CnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    /// <summary>A convolutional network over images for multiclass classification; see <see cref="CnnOptions"/> and <see cref="NeuralNetworkMulticlassTrainer"/>.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="labelColumnName">The label, a key. Default "Label".</param>
    /// <param name="featureColumnName">Images as a known-size vector of Single, channels × height × width. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="imageChannels">Channels per image. Default 1.</param>
    /// <param name="imageHeight">Image height, or 0 (default) to infer it (square images).</param>
    /// <param name="imageWidth">Image width, or 0 (default) to infer it.</param>
    /// <param name="epochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkMulticlassTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int imageChannels = 1, int imageHeight = 0, int imageWidth = 0, int epochs = 20, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, imageChannels, imageHeight, imageWidth, epochs, batchSize, learningRate));
    }

    /// <summary>A convolutional network over images for multiclass classification, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkMulticlassTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, CnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    /// <summary>A convolutional network over images for regression; see <see cref="CnnOptions"/> and <see cref="NeuralNetworkRegressionTrainer"/>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="labelColumnName">The label, Single or Double. Default "Label".</param>
    /// <param name="featureColumnName">Images as a known-size vector of Single, channels × height × width. Default "Features".</param>
    /// <param name="exampleWeightColumnName">A Single column of row weights, or null (default).</param>
    /// <param name="imageChannels">Channels per image. Default 1.</param>
    /// <param name="imageHeight">Image height, or 0 (default) to infer it (square images).</param>
    /// <param name="imageWidth">Image width, or 0 (default) to infer it.</param>
    /// <param name="epochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Rows per update. Default 32.</param>
    /// <param name="learningRate">Adam's learning rate. Default 0.001.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkRegressionTrainer Cnn(this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features, string? exampleWeightColumnName = null, int imageChannels = 1, int imageHeight = 0, int imageWidth = 0, int epochs = 20, int batchSize = 32, float learningRate = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), Simple(labelColumnName, featureColumnName, exampleWeightColumnName, imageChannels, imageHeight, imageWidth, epochs, batchSize, learningRate));
    }

    /// <summary>A convolutional network over images for regression, as <paramref name="options"/> describe it.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">The columns, architecture and training.</param>
    /// <returns>The trainer.</returns>
    public static NeuralNetworkRegressionTrainer Cnn(this RegressionCatalog.RegressionTrainers catalog, CnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.GetEnvironment(), options);
    }

    private static CnnOptions Simple(string labelColumnName, string featureColumnName, string? exampleWeightColumnName, int imageChannels, int imageHeight, int imageWidth, int epochs, int batchSize, float learningRate) => new()
    {
        LabelColumnName = labelColumnName,
        FeatureColumnName = featureColumnName,
        ExampleWeightColumnName = exampleWeightColumnName,
        ImageChannels = imageChannels,
        ImageHeight = imageHeight,
        ImageWidth = imageWidth,
        Epochs = epochs,
        BatchSize = batchSize,
        LearningRate = learningRate,
    };
}
