using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Layer normalization (Ba et al., 2016): every vector along the last axis is standardized with its own mean and
/// (biased) variance, then scaled by gamma and shifted by beta, identically when training and scoring. Keras'
/// LayerNormalization with axis −1; ONNX: LayerNormalization from opset 17, its arithmetic (ReduceMean, Sub, Mul,
/// Add, Sqrt, Div) before.
/// </summary>
public sealed class LayerNormalization : Layer
{
    private Parameter? _gamma;
    private Parameter? _beta;
    private Tensor? _normalized;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[]? _inverseStd;
    private float[]? _scaledGradient;

    /// <summary>Creates a layer normalization layer.</summary>
    /// <param name="epsilon">Added to the variance before the square root; default 1e-3 (Keras).</param>
    /// <param name="center">Whether to learn the shift beta; default true.</param>
    /// <param name="scale">Whether to learn the scale gamma; default true.</param>
    /// <exception cref="ArgumentOutOfRangeException">Epsilon is not positive.</exception>
    public LayerNormalization(float epsilon = 1e-3f, bool center = true, bool scale = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
    }

    /// <summary>Added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>Whether beta is learned.</summary>
    public bool Center { get; }

    /// <summary>Whether gamma is learned.</summary>
    public bool Scale { get; }

    internal override string TypeName => "LayerNormalization";

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        if (inputShape.Rank < 1)
        {
            throw ShapeError(inputShape, "at least one axis");
        }

        var features = new TensorShape(inputShape[-1]);
        if (Scale)
        {
            _gamma = AddParameter("gamma", features);
            _gamma.Value.Span.Fill(1f);
        }

        if (Center)
        {
            _beta = AddParameter("beta", features);
        }

        return inputShape;
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        int width = InputShape[-1], rows = input.Length / width;
        Tensor normalized = Tensor.Ensure(ref _normalized, input.Shape);
        Tensor y = Tensor.Ensure(ref _output, input.Shape);
        float[] inverseStd = Scratch.Ensure(ref _inverseStd, rows);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> x = input.Span.Slice(r * width, width);
            Span<float> xhat = normalized.Span.Slice(r * width, width);
            float mean = TensorPrimitives.Sum(x) / width;
            TensorPrimitives.Subtract(x, mean, xhat);
            float variance = TensorPrimitives.SumOfSquares(xhat) / width;
            inverseStd[r] = 1f / MathF.Sqrt(variance + Epsilon);
            TensorPrimitives.Multiply(xhat, inverseStd[r], xhat);
            Span<float> target = y.Span.Slice(r * width, width);
            if (_gamma is null)
            {
                xhat.CopyTo(target);
            }
            else
            {
                TensorPrimitives.Multiply(xhat, _gamma.Value.Span, target);
            }

            if (_beta is not null)
            {
                TensorPrimitives.Add(target, _beta.Value.Span, target);
            }
        }

        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        Tensor normalized = _normalized ?? throw new InvalidOperationException("Backward before forward.");
        int width = InputShape[-1], rows = outputGradient.Length / width;
        Parameter? gamma = context.ParameterGradients ? _gamma : null, beta = context.ParameterGradients ? _beta : null;
        gamma?.Gradient.Span.Clear();
        beta?.Gradient.Span.Clear();
        Tensor? dx = needInputGradient ? Tensor.Ensure(ref _inputGradient, outputGradient.Shape) : null;
        Span<float> dxhat = Scratch.Ensure(ref _scaledGradient, width).AsSpan(0, width);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> dy = outputGradient.Span.Slice(r * width, width);
            ReadOnlySpan<float> xhat = normalized.Span.Slice(r * width, width);
            if (gamma is not null)
            {
                Span<float> dGamma = gamma.Gradient.Span;
                TensorPrimitives.MultiplyAdd(dy, xhat, dGamma, dGamma);
            }

            if (beta is not null)
            {
                Span<float> dBeta = beta.Gradient.Span;
                TensorPrimitives.Add(dBeta, dy, dBeta);
            }

            if (dx is null)
            {
                continue;
            }

            // dx = σ⁻¹·(d − mean(d) − x̂·mean(d·x̂)) with d = γ·dy.
            if (_gamma is null)
            {
                dy.CopyTo(dxhat);
            }
            else
            {
                TensorPrimitives.Multiply(dy, _gamma.Value.Span, dxhat);
            }

            float meanD = TensorPrimitives.Sum(dxhat) / width;
            float meanDXhat = TensorPrimitives.Dot(dxhat, xhat) / width;
            Span<float> target = dx.Span.Slice(r * width, width);
            TensorPrimitives.MultiplyAdd(xhat, -meanDXhat, dxhat, target);
            TensorPrimitives.Subtract(target, meanD, target);
            TensorPrimitives.Multiply(target, _inverseStd![r], target);
        }

        return dx;
    }

    // Before opset 17, which brings LayerNormalization, the same arithmetic over the last axis (by its index: negative
    // axes need opset 11): (x − mean) / √(biased variance + ε), then gamma and beta where the layer has them.
    internal override string ExportOnnx(OnnxBuilder graph, string input)
    {
        int features = InputShape[-1];
        if (graph.Opset >= 17)
        {
            string scale = graph.AddInitializer("gamma", _gamma is null ? Enumerable.Repeat(1f, features).ToArray() : _gamma.Value.Span, features);
            string offset = graph.AddInitializer("beta", _beta is null ? new float[features] : _beta.Value.Span, features);
            return graph.Add("LayerNormalization", [input, scale, offset], "layer_norm", OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", Epsilon));
        }

        OnnxAttribute[] lastAxis = [OnnxAttribute.Ints("axes", InputShape.Rank), OnnxAttribute.Int("keepdims", 1)];
        string centered = graph.Add("Sub", [input, graph.Add("ReduceMean", [input], "layer_norm_mean", lastAxis)], "layer_norm_centered");
        string variance = graph.Add("ReduceMean", [graph.Add("Mul", [centered, centered], "layer_norm_squares")], "layer_norm_variance", lastAxis);
        string deviation = graph.Add("Sqrt", [graph.Add("Add", [variance, graph.AddScalar("layer_norm_epsilon", Epsilon)], "layer_norm_shifted")], "layer_norm_deviation");
        string output = graph.Add("Div", [centered, deviation], "layer_norm");
        output = _gamma is null ? output : graph.Add("Mul", [output, graph.AddInitializer("gamma", _gamma.Value.Span, features)], "layer_norm_scaled");
        return _beta is null ? output : graph.Add("Add", [output, graph.AddInitializer("beta", _beta.Value.Span, features)], "layer_norm_shifted");
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
        writer.Write(Epsilon);
        writer.Write(Center);
        writer.Write(Scale);
    }

    internal static LayerNormalization ReadConfig(BinaryReader reader) => new(reader.ReadSingle(), reader.ReadBoolean(), reader.ReadBoolean());
}
