using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class LinearActivation : ActivationFunction
{
    public override string Name => "Linear";

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => x.CopyTo(y);

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength) => dy.CopyTo(dx);

    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank) => input;

    internal override (string Name, float Alpha, float Beta)? OnnxRecurrentActivation => ("Affine", 1f, 0f);
}
