namespace MLNet.NeuralExtensions.Engine;

/// <summary>Flattens each example to one axis, as Keras' Flatten. ONNX: Flatten (axis 1).</summary>
public sealed class Flatten : Reshape
{
    /// <summary>Creates a flatten layer.</summary>
    public Flatten()
        : base(-1)
    {
    }

    internal override string TypeName => "Flatten";

    internal override void WriteConfig(BinaryWriter writer)
    {
    }

    internal static new Flatten ReadConfig(BinaryReader reader) => new();
}
