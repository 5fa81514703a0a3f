using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>ELU, and SELU as ELU with SELU's alpha and an output scale: scale · (x for x &gt; 0, else alpha · (e^x − 1)).</summary>
internal sealed class EluActivation(float alpha, float scale) : ActivationFunction
{
    internal const float SeluAlpha = 1.67326324235437728481704299167f;
    internal const float SeluScale = 1.05070098735548049341933498529f;

    public override string Name => scale == 1f ? "Elu" : "Selu";

    internal override float Argument => alpha;

    internal override void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = scale * (v > 0f ? v : alpha * (MathF.Exp(v) - 1f));
        }
    }

    // For x ≤ 0, f′(x) = scale · alpha · e^x = y + scale · alpha.
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = dy[i] * (x[i] > 0f ? scale : y[i] + (scale * alpha));
        }
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input, int rank) => scale == 1f
        ? graph.Add("Elu", [input], "elu", OnnxAttribute.Float("alpha", alpha))
        : graph.Add("Selu", [input], "selu", OnnxAttribute.Float("alpha", alpha), OnnxAttribute.Float("gamma", scale));

    internal override (string Name, float Alpha, float Beta)? OnnxRecurrentActivation => scale == 1f ? ("Elu", alpha, 0f) : null;
}
