namespace MLNet.NeuralExtensions.Transforms;

/// <summary>How a <see cref="NetworkAttributionTransformer"/> attributes a network's output to its features.</summary>
public enum AttributionMethod
{
    /// <summary>Gradient × input: each feature's value times the output's gradient at the row.</summary>
    Saliency,

    /// <summary>Integrated Gradients (Sundararajan et al., 2017): (x − baseline) times the output's gradient averaged
    /// along the straight path from the baseline to the row; the attributions sum to f(x) − f(baseline).</summary>
    IntegratedGradients,

    /// <summary>SmoothGrad (Smilkov et al., 2017) of gradient × input: each feature's value times the output's gradient
    /// averaged over copies of the row with Gaussian noise added.</summary>
    SmoothGrad,

    /// <summary>Grad-CAM (Selvaraju et al., 2017) of a convolutional network: the feature maps of its last convolution
    /// block (or a named layer) weighed by the spatial mean of the output's gradient, summed, rectified and resized
    /// bilinearly to the image; one value per pixel of the image's height × width, not per feature.</summary>
    GradCam,
}
