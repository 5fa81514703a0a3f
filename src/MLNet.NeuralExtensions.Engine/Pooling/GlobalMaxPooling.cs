namespace MLNet.NeuralExtensions.Engine;

/// <summary>The largest value of each channel over all spatial positions: [channels × …] becomes [channels]. Keras'
/// GlobalMaxPooling1D/2D with <c>data_format="channels_first"</c>. ONNX: GlobalMaxPool, then Flatten.</summary>
public sealed class GlobalMaxPooling : GlobalPoolingLayer
{
    /// <summary>Creates a global max pooling layer.</summary>
    public GlobalMaxPooling()
        : base(max: true)
    {
    }

    internal override string TypeName => "GlobalMaxPooling";

    internal static GlobalMaxPooling ReadConfig(BinaryReader reader) => new();
}
