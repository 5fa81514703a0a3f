using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A convolutional network over images held in a vector column of channels × height × width values (channels first,
/// each channel row-major, as ML.NET's <c>ExtractPixels</c> with <c>interleavePixelColors: false</c> lays them out).
/// Each convolution block is a 3×3 convolution with "same" padding, optional batch normalization, the activation and a
/// 2×2 max-pooling; then the feature maps are flattened into the dense layers and the linear output layer. The
/// defaults (blocks of 32 and 64 filters, a dense layer of 128, Adam at 0.001, 20 epochs) follow Keras' MNIST example.
/// </summary>
public sealed class CnnOptions : NeuralNetworkOptions
{
    /// <summary>Creates options with the defaults, 20 epochs among them.</summary>
    public CnnOptions()
        : base(epochs: 20)
    {
    }

    /// <summary>Gets or sets the channels of an image (1 for gray, 3 for colour). Default 1.</summary>
    public int ImageChannels { get; set; } = 1;

    /// <summary>Gets or sets the image height in pixels, or 0 (default) to infer it: from <see cref="ImageWidth"/> when
    /// that is set, else for a square image.</summary>
    public int ImageHeight { get; set; }

    /// <summary>Gets or sets the image width in pixels, or 0 (default) to infer it as <see cref="ImageHeight"/> is.</summary>
    public int ImageWidth { get; set; }

    /// <summary>Gets or sets the filters of each convolution block, input side first. Default [32, 64].</summary>
    public int[] ConvolutionFilters { get; set; } = [32, 64];

    /// <summary>Gets or sets the height and width of every convolution kernel. Default 3.</summary>
    public int KernelSize { get; set; } = 3;

    /// <summary>Gets or sets the window (and stride) of the max-pooling after each block, or 1 for none. A block whose
    /// maps are smaller than the window is not pooled. Default 2.</summary>
    public int PoolSize { get; set; } = 2;

    /// <summary>Gets or sets the units of each dense layer after the convolutions. Default [128]; empty for none.</summary>
    public int[] HiddenLayers { get; set; } = [128];

    /// <summary>Gets or sets the activation of the convolutions and dense layers. Default ReLU.</summary>
    public ActivationFunction Activation { get; set; } = ActivationFunction.ReLU;

    /// <summary>Gets or sets the dropout rate after each dense layer, in [0, 1). Default 0: none.</summary>
    public float DropoutRate { get; set; }

    /// <summary>Gets or sets whether every convolution and dense layer is batch-normalized before its activation.
    /// Default false.</summary>
    public bool BatchNormalization { get; set; }

    internal override TensorShape InputShape(int inputSize)
    {
        int channels = ImageChannels, height = ImageHeight, width = ImageWidth;
        if (height == 0 && width == 0)
        {
            height = width = (int)Math.Round(Math.Sqrt(inputSize / (double)channels));
        }
        else if (height == 0)
        {
            height = inputSize / (channels * width);
        }
        else if (width == 0)
        {
            width = inputSize / (channels * height);
        }

        if ((long)channels * height * width != inputSize || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"Feature column '{FeatureColumnName}' holds {inputSize} values per row, which is not {channels} channel(s) × "
                + (ImageHeight == 0 && ImageWidth == 0 ? "a square image" : $"{(ImageHeight == 0 ? "?" : ImageHeight)} × {(ImageWidth == 0 ? "?" : ImageWidth)} pixels")
                + "; set ImageChannels, ImageHeight and ImageWidth to the images' shape.");
        }

        return new TensorShape(channels, height, width);
    }

    internal override Sequential CreateNetwork(int inputSize, int outputs)
    {
        TensorShape image = InputShape(inputSize);
        int height = image[1], width = image[2];
        var layers = new List<Layer>();
        foreach (int filters in ConvolutionFilters)
        {
            if (BatchNormalization)
            {
                layers.Add(new Conv2D(filters, KernelSize, padding: Padding.Same, kernelRegularization: KernelRegularization));
                layers.Add(new Engine.BatchNormalization());
                layers.Add(new Activation(Activation));
            }
            else
            {
                layers.Add(new Conv2D(filters, KernelSize, padding: Padding.Same, activation: Activation, kernelRegularization: KernelRegularization));
            }

            if (PoolSize > 1 && height >= PoolSize && width >= PoolSize)
            {
                layers.Add(new MaxPooling2D(PoolSize));
                height /= PoolSize;
                width /= PoolSize;
            }
        }

        layers.Add(new Flatten());
        DenseHead.Append(layers, HiddenLayers, Activation, DropoutRate, BatchNormalization, KernelRegularization, outputs);
        return new Sequential(layers);
    }

    internal override void Validate()
    {
        base.Validate();
        DenseHead.Validate(HiddenLayers, Activation, DropoutRate);
        ArgumentNullException.ThrowIfNull(ConvolutionFilters, nameof(ConvolutionFilters));
        DenseHead.PositiveSizes(ConvolutionFilters, nameof(ConvolutionFilters), "Every convolution block needs at least one filter");
        ArgumentOutOfRangeException.ThrowIfLessThan(ImageChannels, 1, nameof(ImageChannels));
        ArgumentOutOfRangeException.ThrowIfNegative(ImageHeight, nameof(ImageHeight));
        ArgumentOutOfRangeException.ThrowIfNegative(ImageWidth, nameof(ImageWidth));
        ArgumentOutOfRangeException.ThrowIfLessThan(KernelSize, 1, nameof(KernelSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(PoolSize, 1, nameof(PoolSize));
    }
}
