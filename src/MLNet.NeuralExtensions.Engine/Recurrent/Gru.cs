using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A gated recurrent unit layer (Cho et al., 2014) in the reset-after form of Keras' default and PyTorch, with the
/// gates z (update), r (reset) and n (candidate) in that order: with xz, xr, xn = x·W + b and hz, hr, hn = h′·U + b_rec,
/// z = σ(xz + hz), r = σ(xr + hr), n = tanh(xn + r ⊙ hn) and h = z ⊙ h′ + (1 − z) ⊙ n. Keras' GRU with its defaults;
/// ONNX: GRU with <c>linear_before_reset=1</c>.
/// </summary>
public sealed class Gru : RecurrentLayer
{
    private float[]? _gates;
    private float[]? _candidateRecurrent;
    private float[]? _recurrentPart;

    /// <summary>Creates a GRU layer.</summary>
    /// <param name="units">The size of the hidden state.</param>
    /// <param name="returnSequences">Whether to output every step's hidden state; default false (only the last).</param>
    /// <param name="goBackwards">Whether to run from the last step to the first; default false.</param>
    /// <param name="kernelInitializer">Default <see cref="Initializer.GlorotUniform"/>.</param>
    /// <param name="recurrentInitializer">Default <see cref="Initializer.Orthogonal"/>.</param>
    /// <param name="kernelRegularization">L1/L2 penalty on the input kernel; default none.</param>
    /// <param name="recurrentRegularization">L1/L2 penalty on the recurrent kernel; default none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is less than 1.</exception>
    public Gru(int units, bool returnSequences = false, bool goBackwards = false, Initializer? kernelInitializer = null,
        Initializer? recurrentInitializer = null, Regularization? kernelRegularization = null, Regularization? recurrentRegularization = null)
        : base(units, returnSequences, goBackwards, kernelInitializer, recurrentInitializer, kernelRegularization, recurrentRegularization)
    {
    }

    internal override string TypeName => "GRU";

    private protected override int GateCount => 3;

    private protected override bool SplitsRecurrentPart => true;

    private protected override void PrepareSteps(int steps, int batch)
    {
        Scratch.Ensure(ref _gates, steps * batch * GateWidth);
        Scratch.Ensure(ref _candidateRecurrent, steps * batch * Units);
        Scratch.Ensure(ref _recurrentPart, batch * GateWidth);
    }

    private protected override void ForwardStep(int step, Span<float> inputPart, ReadOnlySpan<float> previous, Span<float> next, int rows)
    {
        Span<float> recurrent = _recurrentPart.AsSpan(0, rows * GateWidth);
        RecurrentProduct(previous, recurrent, rows, accumulate: false);
        int n = Units;
        ReadOnlySpan<float> recurrentBias = RecurrentBias!.Value.Span;
        for (int b = 0; b < rows; b++)
        {
            Span<float> x = inputPart.Slice(b * GateWidth, GateWidth);
            Span<float> hRow = recurrent.Slice(b * GateWidth, GateWidth);
            TensorPrimitives.Add(hRow, recurrentBias, hRow);
            Span<float> a = Gates(step, rows).Slice(b * GateWidth, GateWidth);
            hRow.Slice(2 * n, n).CopyTo(CandidateRecurrent(step, rows).Slice(b * n, n));

            // z and r from the sum of both parts; n from the input part plus r ⊙ the recurrent part.
            TensorPrimitives.Add(x[..(2 * n)], hRow[..(2 * n)], a[..(2 * n)]);
            TensorPrimitives.Sigmoid(a[..(2 * n)], a[..(2 * n)]);
            Span<float> candidate = a.Slice(2 * n, n);
            TensorPrimitives.MultiplyAdd(a.Slice(n, n), hRow.Slice(2 * n, n), x.Slice(2 * n, n), candidate);
            TensorPrimitives.Tanh(candidate, candidate);

            // h = n + z ⊙ (h′ − n)
            Span<float> h = next.Slice(b * n, n);
            TensorPrimitives.Subtract(previous.Slice(b * n, n), candidate, h);
            TensorPrimitives.MultiplyAdd(a[..n], h, candidate, h);
        }
    }

    private protected override void BackwardStep(int step, ReadOnlySpan<float> previous, ReadOnlySpan<float> dh,
        Span<float> dInputPart, Span<float> dRecurrentPart, Span<float> dPrevious, int rows)
    {
        int n = Units;
        for (int b = 0; b < rows; b++)
        {
            ReadOnlySpan<float> a = Gates(step, rows).Slice(b * GateWidth, GateWidth);
            ReadOnlySpan<float> hn = CandidateRecurrent(step, rows).Slice(b * n, n);
            ReadOnlySpan<float> hPrev = previous.Slice(b * n, n);
            ReadOnlySpan<float> dhRow = dh.Slice(b * n, n);
            Span<float> dx = dInputPart.Slice(b * GateWidth, GateWidth);
            Span<float> dr = dRecurrentPart.Slice(b * GateWidth, GateWidth);
            Span<float> dp = dPrevious.Slice(b * n, n);
            for (int j = 0; j < n; j++)
            {
                float z = a[j], r = a[n + j], c = a[(2 * n) + j], d = dhRow[j];
                float dCandidate = d * (1f - z) * (1f - (c * c));
                float dz = d * (hPrev[j] - c) * z * (1f - z);
                float dReset = dCandidate * hn[j] * r * (1f - r);
                dx[j] = dr[j] = dz;
                dx[n + j] = dr[n + j] = dReset;
                dx[(2 * n) + j] = dCandidate;
                dr[(2 * n) + j] = dCandidate * r;
                dp[j] = d * z;
            }
        }
    }

    private protected override string OnnxOperator => "GRU";

    private protected override ReadOnlySpan<int> OnnxGates => [0, 1, 2];

    // Reset after the recurrent product: ONNX's linear_before_reset.
    private protected override IEnumerable<OnnxAttribute> OnnxAttributes() => [OnnxAttribute.Int("linear_before_reset", 1)];

    internal override RecurrentLayer CreateReversed()
        => new Gru(Units, ReturnSequences, !GoBackwards, KernelInitializer, RecurrentInitializer, KernelRegularization, RecurrentRegularization);

    internal static Gru ReadConfig(BinaryReader reader)
        => ReadConfig(reader, s => new Gru(s.Units, s.ReturnSequences, s.GoBackwards, Initializer.Zeros, Initializer.Zeros, s.KernelRegularization, s.RecurrentRegularization));

    private Span<float> Gates(int step, int rows) => StepRecords(_gates, step, GateWidth, rows);

    private Span<float> CandidateRecurrent(int step, int rows) => StepRecords(_candidateRecurrent, step, Units, rows);
}
