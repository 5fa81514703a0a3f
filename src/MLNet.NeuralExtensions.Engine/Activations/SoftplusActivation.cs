using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class SoftplusActivation : ActivationFunction
{
    public override string Name => "Softplus";

    // log(1 + e^x) = max(x, 0) + log(1 + e^−|x|), which neither overflows nor loses small values.
    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = MathF.Max(v, 0f) + (float)Math.Log(1 + Math.Exp(-Math.Abs(v)));
        }
    }

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = dy[i] / (1f + MathF.Exp(-x[i]));
        }
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank) => graph.Add("Softplus", [input], "softplus");

    internal override (string Name, float Alpha, float Beta)? OnnxRecurrentActivation => ("Softplus", 0f, 0f);
}
