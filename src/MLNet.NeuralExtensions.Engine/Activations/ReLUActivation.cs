using System.Numerics;
using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class ReLUActivation : ActivationFunction
{
    public override string Name => "ReLU";

    internal override bool BackwardUsesOutputOnly => true;

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => TensorPrimitives.Max(x, 0f, y);

    // dx = dy where the output is positive, else 0; vectorized because it runs over every hidden unit of every batch.
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        int i = 0;
        for (; i <= dx.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var positive = Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero);
            Vector.ConditionalSelect(positive, new Vector<float>(dy[i..]), Vector<float>.Zero).CopyTo(dx[i..]);
        }

        for (; i < dx.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank) => graph.Add("Relu", [input], "relu");

    internal override (string Name, float Alpha, float Beta)? OnnxRecurrentActivation => ("Relu", 0f, 0f);
}
