using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Inverted dropout: while training, each element is zeroed with probability <see cref="Rate"/> and the rest are scaled
/// by 1 / (1 − rate); when scoring it passes its input through. ONNX: nothing (removed from the exported graph).
/// </summary>
public sealed class Dropout : Layer
{
    private Tensor? _mask;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private bool _lastWasTraining;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="rate">The fraction of elements dropped, in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1).</exception>
    public Dropout(float rate)
    {
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        }

        Rate = rate;
    }

    /// <summary>The fraction of elements dropped while training.</summary>
    public float Rate { get; }

    internal override string TypeName => "Dropout";

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random) => inputShape;

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        _lastWasTraining = context.Training && Rate > 0f;
        if (!_lastWasTraining)
        {
            return input;
        }

        Tensor mask = Tensor.Ensure(ref _mask, input.Shape);
        Tensor y = Tensor.Ensure(ref _output, input.Shape);
        float keep = 1f / (1f - Rate);
        Span<float> m = mask.Span;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = context.Random.NextSingle() >= Rate ? keep : 0f;
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(input.Span, m, y.Span);
        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        if (!needInputGradient || !_lastWasTraining)
        {
            return needInputGradient ? outputGradient : null;
        }

        Tensor dx = Tensor.Ensure(ref _inputGradient, outputGradient.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(outputGradient.Span, _mask!.Span, dx.Span);
        return dx;
    }

    // Identity when scoring: the layer leaves the graph.
    internal override string ExportOnnx(OnnxBuilder graph, string input) => input;

    internal override void WriteConfig(BinaryWriter writer) => writer.Write(Rate);

    internal static Dropout ReadConfig(BinaryReader reader) => new(reader.ReadSingle());
}
