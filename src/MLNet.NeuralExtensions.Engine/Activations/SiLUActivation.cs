using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class SiLUActivation : ActivationFunction
{
    public override string Name => "SiLU";

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = v / (1f + MathF.Exp(-v));
        }
    }

    // f′(x) = σ(x) · (1 + x · (1 − σ(x))).
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            float v = x[i];
            float s = 1f / (1f + MathF.Exp(-v));
            dx[i] = dy[i] * s * (1f + (v * (1f - s)));
        }
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank)
        => graph.Add("Mul", [input, graph.Add("Sigmoid", [input], "silu_gate")], "silu");
}
