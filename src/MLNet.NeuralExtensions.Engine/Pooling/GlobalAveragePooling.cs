namespace MLNet.NeuralExtensions.Engine;

/// <summary>The mean of each channel over all spatial positions: [channels × …] becomes [channels]. Keras'
/// GlobalAveragePooling1D/2D with <c>data_format="channels_first"</c>. ONNX: GlobalAveragePool, then Flatten.</summary>
public sealed class GlobalAveragePooling : GlobalPoolingLayer
{
    /// <summary>Creates a global average pooling layer.</summary>
    public GlobalAveragePooling()
        : base(max: false)
    {
    }

    internal override string TypeName => "GlobalAveragePooling";

    internal static GlobalAveragePooling ReadConfig(BinaryReader reader) => new();
}
