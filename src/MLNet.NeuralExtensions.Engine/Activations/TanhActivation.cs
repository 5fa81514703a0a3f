using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class TanhActivation : ActivationFunction
{
    public override string Name => "Tanh";

    internal override bool BackwardUsesOutputOnly => true;

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => TensorPrimitives.Tanh(x, y);

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = dy[i] * (1f - (y[i] * y[i]));
        }
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank) => graph.Add("Tanh", [input], "tanh");

    internal override (string Name, float Alpha, float Beta)? OnnxRecurrentActivation => ("Tanh", 0f, 0f);
}
