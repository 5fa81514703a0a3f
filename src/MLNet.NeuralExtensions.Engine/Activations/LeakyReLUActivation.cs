using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class LeakyReLUActivation(float negativeSlope) : ActivationFunction
{
    public override string Name => "LeakyReLU";

    internal override float Argument => negativeSlope;

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = x[i] > 0f ? x[i] : negativeSlope * x[i];
        }
    }

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = x[i] > 0f ? dy[i] : negativeSlope * dy[i];
        }
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank)
        => graph.Add("LeakyRelu", [input], "leaky_relu", OnnxAttribute.Float("alpha", negativeSlope));

    internal override (string Name, float Alpha, float Beta)? OnnxRecurrentActivation => ("LeakyRelu", negativeSlope, 0f);
}
