using System.Numerics.Tensors;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class ReLUActivation : ActivationFunction
{
    public override string Name => "ReLU";

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => TensorPrimitives.Max(x, 0f, y);

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }
}
