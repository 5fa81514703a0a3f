using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions;

/// <summary>Per-row explanations of trained models as transforms of ML.NET's catalog: attributions of this package's
/// networks from their input gradients, and Shapley values of any ML.NET prediction transformer.</summary>
public static class ExplainabilityCatalog
{
    /// <summary>The default name of the attribution column.</summary>
    public const string DefaultAttributionColumnName = "Attributions";

    /// <summary>Adds each feature's saliency, gradient × input, for one output of a trained network; see
    /// <see cref="NetworkAttributionTransformer"/>.</summary>
    /// <param name="catalog">The transforms.</param>
    /// <param name="model">A prediction transformer over one of this package's networks, or a chain ending in one; its
    /// feature column is read.</param>
    /// <param name="outputColumnName">The attribution column. Default "Attributions".</param>
    /// <param name="output">The output explained. Default <see cref="ExplainedOutput.Score"/>.</param>
    /// <param name="classIndex">For a multiclass model, the class explained (0-based label index); else 0 (default).</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">The model has no gradients (a tree or linear model of ML.NET); the message
    /// names it and the model-agnostic alternative, <see cref="ExplainByKernelShap"/>.</exception>
    public static NetworkAttributionEstimator ExplainBySaliency(this TransformsCatalog catalog, ITransformer model, string outputColumnName = DefaultAttributionColumnName,
        ExplainedOutput output = ExplainedOutput.Score, int classIndex = 0)
        => Create(catalog, model, "Saliency", outputColumnName, output, classIndex, AttributionMethod.Saliency, null, 64, IntegrationRule.Trapezoid, 0f, 1, 0, null);

    /// <summary>Adds each feature's Integrated Gradients attribution for one output of a trained network: (x − baseline)
    /// times the output's gradient averaged along the straight path from the baseline, so that the attributions sum to
    /// f(x) − f(baseline); see <see cref="NetworkAttributionTransformer"/>.</summary>
    /// <param name="catalog">The transforms.</param>
    /// <param name="model">A prediction transformer over one of this package's networks, or a chain ending in one.</param>
    /// <param name="outputColumnName">The attribution column. Default "Attributions".</param>
    /// <param name="output">The output explained. Default <see cref="ExplainedOutput.Score"/>.</param>
    /// <param name="classIndex">For a multiclass model, the class explained; else 0 (default).</param>
    /// <param name="baseline">The path's start, one finite value per feature; null (default) for all zeros.</param>
    /// <param name="steps">Steps along the path, at least 1. Default 64.</param>
    /// <param name="rule">The Riemann sum. Default <see cref="IntegrationRule.Trapezoid"/>.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">The model has no gradients, or the baseline is not finite or not of the
    /// features' size; the message names the value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is 0 or less.</exception>
    public static NetworkAttributionEstimator ExplainByIntegratedGradients(this TransformsCatalog catalog, ITransformer model, string outputColumnName = DefaultAttributionColumnName,
        ExplainedOutput output = ExplainedOutput.Score, int classIndex = 0, float[]? baseline = null, int steps = 64, IntegrationRule rule = IntegrationRule.Trapezoid)
        => Create(catalog, model, "Integrated Gradients", outputColumnName, output, classIndex, AttributionMethod.IntegratedGradients, baseline is null ? null : (float[])baseline.Clone(), steps, rule, 0f, 1, 0, null);

    /// <summary>Adds each feature's SmoothGrad attribution for one output of a trained network: the feature's value times
    /// the output's gradient averaged over noisy copies of the row; see <see cref="NetworkAttributionTransformer"/>.</summary>
    /// <param name="catalog">The transforms.</param>
    /// <param name="model">A prediction transformer over one of this package's networks, or a chain ending in one.</param>
    /// <param name="outputColumnName">The attribution column. Default "Attributions".</param>
    /// <param name="output">The output explained. Default <see cref="ExplainedOutput.Score"/>.</param>
    /// <param name="classIndex">For a multiclass model, the class explained; else 0 (default).</param>
    /// <param name="noiseStandardDeviation">The Gaussian noise's standard deviation, in the features' units (0.1 of
    /// standardized features by default).</param>
    /// <param name="samples">Noisy copies per row, at least 1. Default 50.</param>
    /// <param name="seed">The noise's seed. Default 1.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">The model has no gradients.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The noise is negative or not finite, or <paramref name="samples"/> is 0 or less.</exception>
    public static NetworkAttributionEstimator ExplainBySmoothGrad(this TransformsCatalog catalog, ITransformer model, string outputColumnName = DefaultAttributionColumnName,
        ExplainedOutput output = ExplainedOutput.Score, int classIndex = 0, float noiseStandardDeviation = 0.1f, int samples = 50, int seed = 1)
        => Create(catalog, model, "SmoothGrad", outputColumnName, output, classIndex, AttributionMethod.SmoothGrad, null, 64, IntegrationRule.Trapezoid, noiseStandardDeviation, samples, seed, null);

    /// <summary>Adds the Grad-CAM map of one output of a trained convolutional network (ml.*.Trainers.Cnn) over its
    /// image features: the feature maps of its last convolution block (or layer <paramref name="layerIndex"/>) weighed by
    /// the spatial mean of the output's gradient, summed, rectified and resized bilinearly to the image, one value per
    /// pixel (height × width, row-major; for a one-channel image laid out as the features, with their slot names); see
    /// <see cref="NetworkAttributionTransformer"/> and, in the engine, <see cref="Engine.ClassActivationMaps"/>.</summary>
    /// <param name="catalog">The transforms.</param>
    /// <param name="model">A prediction transformer over one of this package's convolutional networks, or a chain ending
    /// in one; its feature column is read.</param>
    /// <param name="outputColumnName">The map column. Default "Attributions".</param>
    /// <param name="output">The output explained. Default <see cref="ExplainedOutput.Score"/>.</param>
    /// <param name="classIndex">For a multiclass model, the class explained (0-based label index); else 0 (default).</param>
    /// <param name="layerIndex">The network layer whose output feature maps are weighed (an index into
    /// <c>NeuralNetworkModelParameters.Network.Layers</c>, at or after a convolution and before the output layer); null
    /// (default) for the last convolution with the batch normalization and activation layers right after it.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">The model has no gradients, is not a convolutional network over images, or
    /// the named layer's outputs are not feature maps; the message names the model or layer and the alternative
    /// (<see cref="ExplainByIntegratedGradients"/>, <see cref="ExplainByKernelShap"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The layer index is outside the network's layers; the message gives
    /// their count.</exception>
    public static NetworkAttributionEstimator ExplainByGradCam(this TransformsCatalog catalog, ITransformer model, string outputColumnName = DefaultAttributionColumnName,
        ExplainedOutput output = ExplainedOutput.Score, int classIndex = 0, int? layerIndex = null)
        => Create(catalog, model, "Grad-CAM", outputColumnName, output, classIndex, AttributionMethod.GradCam, null, 64, IntegrationRule.Trapezoid, 0f, 1, 0, layerIndex);

    /// <summary>Adds each feature's Shapley value, estimated by Kernel SHAP, for one output of any ML.NET prediction
    /// transformer reading a feature vector (this package's networks, FastTree, LightGbm, linear models); see
    /// <see cref="KernelShapTransformer"/>. Fitting draws the background sample.</summary>
    /// <param name="catalog">The transforms.</param>
    /// <param name="model">A prediction transformer, or a chain ending in one; its feature column is read.</param>
    /// <param name="outputColumnName">The Shapley value column. Default "Attributions".</param>
    /// <param name="background">The rows whose values stand for absent features; null (default) for the data the
    /// estimator is fitted on.</param>
    /// <param name="backgroundSize">The most background rows kept, drawn at random without replacement. Default 100.</param>
    /// <param name="output">The output explained: Score (default; for multiclass, the score of <paramref name="classIndex"/>)
    /// or Probability (a calibrated binary classifier's).</param>
    /// <param name="classIndex">For a multiclass model, the class explained (0-based label index); else 0 (default).</param>
    /// <param name="coalitions">The most coalitions evaluated per row; null (default) for 2 × features + 2048, as the
    /// shap package's default. Every coalition is enumerated, and the values are exact, when 2^features − 2 fit.</param>
    /// <param name="seed">Seeds the background sample and the coalitions drawn. Default 1.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">The model holds no prediction transformer.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The background size or coalition budget is below 1.</exception>
    public static KernelShapEstimator ExplainByKernelShap(this TransformsCatalog catalog, ITransformer model, string outputColumnName = DefaultAttributionColumnName,
        IDataView? background = null, int backgroundSize = 100, ExplainedOutput output = ExplainedOutput.Score, int classIndex = 0, int? coalitions = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        if (coalitions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(coalitions), coalitions, "Kernel SHAP needs a budget of at least 1 coalition per row.");
        }

        ISingleFeaturePredictionTransformer<object> prediction = ExplainedModel.Prediction(model);
        return new KernelShapEstimator(catalog.GetEnvironment(), prediction, prediction.FeatureColumnName, outputColumnName, background, backgroundSize, output, classIndex, coalitions, seed);
    }

    private static NetworkAttributionEstimator Create(TransformsCatalog catalog, ITransformer model, string method, string outputColumnName, ExplainedOutput output, int classIndex,
        AttributionMethod kind, float[]? baseline, int steps, IntegrationRule rule, float noise, int samples, int seed, int? layerIndex)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        var (prediction, network) = ExplainedModel.Network(model, method);
        var transformer = new NetworkAttributionTransformer(catalog.GetEnvironment(), network, outputColumnName, prediction.FeatureColumnName, output, classIndex,
            kind, baseline, steps, rule, noise, samples, seed, layerIndex);
        return new NetworkAttributionEstimator(catalog.GetEnvironment(), transformer);
    }
}
