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

    // The last axis by its index, as every opset reads it (negative axes need opset 11). Before opset 13 Softmax
    // flattens its input to [everything before the axis × the rest]; from the last axis that is the same softmax.
    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank)
        => graph.Add("Softmax", [input], "softmax", OnnxAttribute.Int("axis", rank - 1));
}
