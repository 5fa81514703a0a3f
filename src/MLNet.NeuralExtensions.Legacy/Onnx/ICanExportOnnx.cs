namespace MLNet.NeuralExtensions.Onnx;

/// <summary>A pipeline component that can write its scoring computation into an ONNX graph.</summary>
internal interface ICanExportOnnx
{
    /// <summary>Adds the component's nodes, reading its input columns from <paramref name="context"/> and setting the
    /// columns it creates or replaces.</summary>
    /// <exception cref="NotSupportedException">This configuration has no ONNX form; the message says why.</exception>
    void ExportOnnx(OnnxPipelineContext context);
}
