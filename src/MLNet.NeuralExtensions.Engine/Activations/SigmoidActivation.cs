using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class SigmoidActivation : ActivationFunction
{
    public override string Name => "Sigmoid";

    internal override bool BackwardUsesOutputOnly => true;

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => TensorPrimitives.Sigmoid(x, y);

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank) => graph.Add("Sigmoid", [input], "sigmoid");

    internal override (string Name, float Alpha, float Beta)? OnnxRecurrentActivation => ("Sigmoid", 0f, 0f);
}
