namespace MLNet.NeuralExtensions.Engine;

/// <summary>How a convolution or pooling window treats the input's borders, as Keras' <c>padding</c> argument.</summary>
public enum Padding
{
    /// <summary>No padding: windows lie wholly inside the input, so each spatial size shrinks to
    /// ⌊(size − effective window) / stride⌋ + 1.</summary>
    Valid,

    /// <summary>Zero padding (ignored by max and average pooling) so that each spatial size becomes ⌈size / stride⌉; an odd
    /// total padding puts the extra element at the end, as TensorFlow and ONNX's SAME_UPPER do.</summary>
    Same,
}
