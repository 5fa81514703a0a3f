using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class SoftmaxActivation : ActivationFunction
{
    public override string Name => "Softmax";

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        for (int start = 0; start < y.Length; start += rowLength)
        {
            TensorPrimitives.SoftMax(x.Slice(start, rowLength), y.Slice(start, rowLength));
        }
    }

    // dx_i = y_i · (dy_i − Σ_j dy_j · y_j), row by row.
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int start = 0; start < dx.Length; start += rowLength)
        {
            ReadOnlySpan<float> yRow = y.Slice(start, rowLength);
            float dot = TensorPrimitives.Dot(dy.Slice(start, rowLength), yRow);
            Span<float> dxRow = dx.Slice(start, rowLength);
            TensorPrimitives.Subtract(dy.Slice(start, rowLength), dot, dxRow);
            TensorPrimitives.Multiply(dxRow, yRow, dxRow);
        }
    }

    internal override string ExportOnnx(OnnxGraph graph, string input) => graph.Add("Softmax", [input], "softmax");
}
