using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Batch normalization (Ioffe and Szegedy, 2015). Each feature of a [features] example, or each channel of a
/// channels-first [channels × …] example (over all its spatial positions: "spatial" batch normalization), is
/// standardized with the batch's mean and (biased) variance while training and with moving averages of them when
/// scoring, then scaled by gamma and shifted by beta. Keras' BatchNormalization on the channel axis; ONNX:
/// BatchNormalization (inference form).
/// </summary>
public sealed class BatchNormalization : Layer
{
    private Parameter? _gamma;
    private Parameter? _beta;
    private Parameter? _movingMean;
    private Parameter? _movingVariance;
    private Tensor? _normalized;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[] _inverseStd = [];
    private bool _lastWasTraining;

    /// <summary>Creates a batch normalization layer.</summary>
    /// <param name="momentum">The weight of the old value in each moving-average update; default 0.99 (Keras).</param>
    /// <param name="epsilon">Added to the variance before the square root; default 1e-3 (Keras).</param>
    /// <param name="center">Whether to learn the shift beta; default true.</param>
    /// <param name="scale">Whether to learn the scale gamma; default true.</param>
    /// <exception cref="ArgumentOutOfRangeException">The momentum is outside [0, 1) or epsilon is not positive.</exception>
    public BatchNormalization(float momentum = 0.99f, float epsilon = 1e-3f, bool center = true, bool scale = true)
    {
        if (!(momentum is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
    }

    /// <summary>The weight of the old value in each moving-average update.</summary>
    public float Momentum { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>Whether beta is learned.</summary>
    public bool Center { get; }

    /// <summary>Whether gamma is learned.</summary>
    public bool Scale { get; }

    /// <summary>The moving mean per channel, used when scoring.</summary>
    public Parameter MovingMean => _movingMean ?? throw new InvalidOperationException("The layer is not built.");

    /// <summary>The moving variance per channel, used when scoring.</summary>
    public Parameter MovingVariance => _movingVariance ?? throw new InvalidOperationException("The layer is not built.");

    internal override string TypeName => "BatchNormalization";

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        if (inputShape.Rank < 1)
        {
            throw ShapeError(inputShape, "[features] or [channels×…]");
        }

        var channels = new TensorShape(inputShape[0]);
        if (Scale)
        {
            _gamma = AddParameter("gamma", channels);
            _gamma.Value.Span.Fill(1f);
        }

        if (Center)
        {
            _beta = AddParameter("beta", channels);
        }

        _movingMean = AddState("moving_mean", channels);
        _movingVariance = AddState("moving_variance", channels);
        _movingVariance.Value.Span.Fill(1f);
        _inverseStd = new float[inputShape[0]];
        return inputShape;
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        int batch = input.Shape[0], channels = InputShape[0], plane = InputShape.Size / channels;
        _lastWasTraining = context.Training;
        Tensor normalized = Tensor.Ensure(ref _normalized, input.Shape);
        Tensor y = Tensor.Ensure(ref _output, input.Shape);
        Span<float> movingMean = MovingMean.Value.Span, movingVariance = MovingVariance.Value.Span;
        for (int c = 0; c < channels; c++)
        {
            float mean = movingMean[c], variance = movingVariance[c];
            if (context.Training)
            {
                (mean, variance) = Moments(input.Span, c, batch, channels, plane);
                movingMean[c] = (Momentum * movingMean[c]) + ((1f - Momentum) * mean);
                movingVariance[c] = (Momentum * movingVariance[c]) + ((1f - Momentum) * variance);
            }

            float inverseStd = 1f / MathF.Sqrt(variance + Epsilon);
            _inverseStd[c] = inverseStd;
            float gamma = _gamma?.Value.Span[c] ?? 1f, beta = _beta?.Value.Span[c] ?? 0f;
            for (int b = 0; b < batch; b++)
            {
                int offset = ((b * channels) + c) * plane;
                Span<float> xhat = normalized.Span.Slice(offset, plane);
                TensorPrimitives.Subtract(input.Span.Slice(offset, plane), mean, xhat);
                TensorPrimitives.Multiply(xhat, inverseStd, xhat);
                Span<float> target = y.Span.Slice(offset, plane);
                TensorPrimitives.Multiply(xhat, gamma, target);
                TensorPrimitives.Add(target, beta, target);
            }
        }

        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        Tensor normalized = _normalized ?? throw new InvalidOperationException("Backward before forward.");
        int batch = outputGradient.Shape[0], channels = InputShape[0], plane = InputShape.Size / channels;
        Tensor? dx = needInputGradient ? Tensor.Ensure(ref _inputGradient, outputGradient.Shape) : null;
        float count = batch * plane;
        // Scoring passes that want only the input gradient need neither sum.
        bool sums = context.ParameterGradients || _lastWasTraining;
        for (int c = 0; c < channels; c++)
        {
            double sumDy = 0, sumDyXhat = 0;
            for (int b = 0; sums && b < batch; b++)
            {
                int offset = ((b * channels) + c) * plane;
                ReadOnlySpan<float> dy = outputGradient.Span.Slice(offset, plane);
                sumDy += TensorPrimitives.Sum(dy);
                sumDyXhat += TensorPrimitives.Dot(dy, normalized.Span.Slice(offset, plane));
            }

            if (_gamma is not null && context.ParameterGradients)
            {
                _gamma.Gradient.Span[c] = (float)sumDyXhat;
            }

            if (_beta is not null && context.ParameterGradients)
            {
                _beta.Gradient.Span[c] = (float)sumDy;
            }

            if (dx is null)
            {
                continue;
            }

            // Training: dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂)); scoring uses fixed statistics, so dx = γ·σ⁻¹·dy.
            float factor = (_gamma?.Value.Span[c] ?? 1f) * _inverseStd[c];
            float meanDy = _lastWasTraining ? (float)(sumDy / count) : 0f;
            float meanDyXhat = _lastWasTraining ? (float)(sumDyXhat / count) : 0f;
            for (int b = 0; b < batch; b++)
            {
                int offset = ((b * channels) + c) * plane;
                Span<float> target = dx.Span.Slice(offset, plane);
                TensorPrimitives.MultiplyAdd(normalized.Span.Slice(offset, plane), -meanDyXhat, outputGradient.Span.Slice(offset, plane), target);
                TensorPrimitives.Subtract(target, meanDy, target);
                TensorPrimitives.Multiply(target, factor, target);
            }
        }

        return dx;
    }

    // Inference form: the moving statistics normalize; a missing scale or offset becomes ones or zeros.
    internal override string ExportOnnx(OnnxBuilder graph, string input)
    {
        int channels = InputShape[0];
        string scale = graph.AddInitializer("gamma", _gamma is null ? Enumerable.Repeat(1f, channels).ToArray() : _gamma.Value.Span, channels);
        string offset = graph.AddInitializer("beta", _beta is null ? new float[channels] : _beta.Value.Span, channels);
        string mean = graph.AddInitializer("moving_mean", MovingMean.Value.Span, channels);
        string variance = graph.AddInitializer("moving_variance", MovingVariance.Value.Span, channels);
        return graph.Add("BatchNormalization", [input, scale, offset, mean, variance], "batch_norm", OnnxAttribute.Float("epsilon", Epsilon));
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
        writer.Write(Momentum);
        writer.Write(Epsilon);
        writer.Write(Center);
        writer.Write(Scale);
    }

    internal static BatchNormalization ReadConfig(BinaryReader reader)
        => new(reader.ReadSingle(), reader.ReadSingle(), reader.ReadBoolean(), reader.ReadBoolean());

    // Mean first, then the mean squared deviation from it: two passes, stable where E[x²] − E[x]² is not.
    private static (float Mean, float Variance) Moments(ReadOnlySpan<float> data, int channel, int batch, int channels, int plane)
    {
        double sum = 0;
        for (int b = 0; b < batch; b++)
        {
            sum += TensorPrimitives.Sum(data.Slice(((b * channels) + channel) * plane, plane));
        }

        float mean = (float)(sum / (batch * plane));
        double squares = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> slice = data.Slice(((b * channels) + channel) * plane, plane);
            foreach (float v in slice)
            {
                float d = v - mean;
                squares += d * d;
            }
        }

        return (mean, (float)(squares / (batch * plane)));
    }
}
