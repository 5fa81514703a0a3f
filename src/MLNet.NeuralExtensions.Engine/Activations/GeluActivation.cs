using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

internal sealed class GeluActivation : ActivationFunction
{
    private const double InverseSqrt2 = 0.70710678118654752440;
    private const double InverseSqrt2Pi = 0.39894228040143267794;

    public override string Name => "Gelu";

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(0.5 * v * (1 + SpecialFunctions.Erf(v * InverseSqrt2)));
        }
    }

    // f′(x) = Φ(x) + x · φ(x).
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            double v = x[i];
            double cdf = 0.5 * (1 + SpecialFunctions.Erf(v * InverseSqrt2));
            double pdf = InverseSqrt2Pi * Math.Exp(-0.5 * v * v);
            dx[i] = (float)(dy[i] * (cdf + (v * pdf)));
        }
    }

    // Opset 17 has no Gelu operator: 0.5 · x · (1 + erf(x / √2)).
    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank)
    {
        string scaled = graph.Add("Mul", [input, graph.AddScalar("gelu_inverse_sqrt2", (float)InverseSqrt2)], "gelu_scaled");
        string shifted = graph.Add("Add", [graph.Add("Erf", [scaled], "gelu_erf"), graph.AddScalar("gelu_one", 1f)], "gelu_shifted");
        string half = graph.Add("Mul", [input, graph.AddScalar("gelu_half", 0.5f)], "gelu_half_input");
        return graph.Add("Mul", [half, shifted], "gelu");
    }
}
