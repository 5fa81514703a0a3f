using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Adds zero-mean Gaussian noise of standard deviation <see cref="StandardDeviation"/> while training (a regularizer, and
/// the corruption of denoising autoencoders); passes its input through when scoring. ONNX: nothing (removed).
/// </summary>
public sealed class GaussianNoise : Layer
{
    private Tensor? _output;

    /// <summary>Creates a noise layer.</summary>
    /// <param name="standardDeviation">The noise's standard deviation, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The deviation is negative or not finite.</exception>
    public GaussianNoise(float standardDeviation)
    {
        if (!(standardDeviation >= 0f) || float.IsInfinity(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The noise's standard deviation must be finite and at least 0.");
        }

        StandardDeviation = standardDeviation;
    }

    /// <summary>The noise's standard deviation.</summary>
    public float StandardDeviation { get; }

    internal override string TypeName => "GaussianNoise";

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random) => inputShape;

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        if (!context.Training || StandardDeviation == 0f)
        {
            return input;
        }

        Tensor y = Tensor.Ensure(ref _output, input.Shape);
        Span<float> values = y.Span;
        ReadOnlySpan<float> x = input.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = x[i] + (StandardDeviation * (float)Gaussian.Sample(context.Random));
        }

        return y;
    }

    // The noise is additive, so the gradient passes through unchanged.
    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
        => needInputGradient ? outputGradient : null;

    // Identity when scoring: the layer leaves the graph.
    internal override string ExportOnnx(OnnxBuilder graph, string input) => input;

    internal override void WriteConfig(BinaryWriter writer) => writer.Write(StandardDeviation);

    internal static GaussianNoise ReadConfig(BinaryReader reader) => new(reader.ReadSingle());
}
