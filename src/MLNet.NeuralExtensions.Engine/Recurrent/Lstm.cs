using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A long short-term memory layer (Hochreiter and Schmidhuber, 1997) with the gates i, f, g, o in that order (Keras' and
/// PyTorch's): i = σ(·), f = σ(·), g = tanh(·), o = σ(·) of x·W + h·U + b, then c = f ⊙ c′ + i ⊙ g and h = o ⊙ tanh(c).
/// Keras' LSTM with its defaults; ONNX: LSTM (gates reordered to i, o, f, c on export).
/// </summary>
public sealed class Lstm : RecurrentLayer
{
    private float[]? _gates;
    private float[]? _cells;
    private float[]? _cellTanh;
    private float[]? _cellGradient;

    /// <summary>Creates an LSTM layer.</summary>
    /// <param name="units">The size of the hidden and cell states.</param>
    /// <param name="returnSequences">Whether to output every step's hidden state; default false (only the last).</param>
    /// <param name="goBackwards">Whether to run from the last step to the first; default false.</param>
    /// <param name="unitForgetBias">Whether the forget gate's bias starts at 1 (Jozefowicz et al., 2015); default true,
    /// as Keras.</param>
    /// <param name="kernelInitializer">Default <see cref="Initializer.GlorotUniform"/>.</param>
    /// <param name="recurrentInitializer">Default <see cref="Initializer.Orthogonal"/>.</param>
    /// <param name="kernelRegularization">L1/L2 penalty on the input kernel; default none.</param>
    /// <param name="recurrentRegularization">L1/L2 penalty on the recurrent kernel; default none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is less than 1.</exception>
    public Lstm(int units, bool returnSequences = false, bool goBackwards = false, bool unitForgetBias = true, Initializer? kernelInitializer = null,
        Initializer? recurrentInitializer = null, Regularization? kernelRegularization = null, Regularization? recurrentRegularization = null)
        : base(units, returnSequences, goBackwards, kernelInitializer, recurrentInitializer, kernelRegularization, recurrentRegularization)
        => UnitForgetBias = unitForgetBias;

    /// <summary>Whether the forget gate's bias starts at 1.</summary>
    public bool UnitForgetBias { get; }

    internal override string TypeName => "LSTM";

    private protected override int GateCount => 4;

    private protected override void InitializeBias(Span<float> bias)
    {
        bias.Clear();
        if (UnitForgetBias)
        {
            bias.Slice(Units, Units).Fill(1f);
        }
    }

    private protected override void PrepareSteps(int steps, int batch)
    {
        Scratch.Ensure(ref _gates, steps * batch * GateWidth);
        Scratch.Ensure(ref _cells, (steps + 1) * batch * Units).AsSpan(0, batch * Units).Clear();
        Scratch.Ensure(ref _cellTanh, steps * batch * Units);
        Scratch.Ensure(ref _cellGradient, batch * Units);
    }

    private protected override void PrepareBackward(int batch) => _cellGradient.AsSpan(0, batch * Units).Clear();

    private protected override void ForwardStep(int step, Span<float> inputPart, ReadOnlySpan<float> previous, Span<float> next, int rows)
    {
        RecurrentProduct(previous, inputPart, rows, accumulate: true);
        int n = Units;
        for (int b = 0; b < rows; b++)
        {
            ReadOnlySpan<float> z = inputPart.Slice(b * GateWidth, GateWidth);
            Span<float> a = Gates(step, rows).Slice(b * GateWidth, GateWidth);
            TensorPrimitives.Sigmoid(z, a);
            TensorPrimitives.Tanh(z.Slice(2 * n, n), a.Slice(2 * n, n));
            ReadOnlySpan<float> cPrev = Cells(step, rows).Slice(b * n, n);
            Span<float> c = Cells(step + 1, rows).Slice(b * n, n);
            Span<float> tc = CellTanh(step, rows).Slice(b * n, n);
            TensorPrimitives.Multiply(a.Slice(n, n), cPrev, c);
            TensorPrimitives.MultiplyAdd(a[..n], a.Slice(2 * n, n), c, c);
            TensorPrimitives.Tanh(c, tc);
            TensorPrimitives.Multiply(a.Slice(3 * n, n), tc, next.Slice(b * n, n));
        }
    }

    private protected override void BackwardStep(int step, ReadOnlySpan<float> previous, ReadOnlySpan<float> dh,
        Span<float> dInputPart, Span<float> dRecurrentPart, Span<float> dPrevious, int rows)
    {
        int n = Units;
        Span<float> dcCarried = _cellGradient.AsSpan(0, rows * n);
        for (int b = 0; b < rows; b++)
        {
            ReadOnlySpan<float> a = Gates(step, rows).Slice(b * GateWidth, GateWidth);
            ReadOnlySpan<float> cPrev = Cells(step, rows).Slice(b * n, n);
            ReadOnlySpan<float> tc = CellTanh(step, rows).Slice(b * n, n);
            ReadOnlySpan<float> dhRow = dh.Slice(b * n, n);
            Span<float> dc = dcCarried.Slice(b * n, n);
            Span<float> dz = dInputPart.Slice(b * GateWidth, GateWidth);
            for (int j = 0; j < n; j++)
            {
                float i = a[j], f = a[n + j], g = a[(2 * n) + j], o = a[(3 * n) + j], t = tc[j];
                float dct = dc[j] + (dhRow[j] * o * (1f - (t * t)));
                dz[j] = dct * g * i * (1f - i);
                dz[n + j] = dct * cPrev[j] * f * (1f - f);
                dz[(2 * n) + j] = dct * i * (1f - (g * g));
                dz[(3 * n) + j] = dhRow[j] * t * o * (1f - o);
                dc[j] = dct * f;
            }
        }

        dPrevious.Clear();
    }

    internal override RecurrentLayer CreateReversed()
        => new Lstm(Units, ReturnSequences, !GoBackwards, UnitForgetBias, KernelInitializer, RecurrentInitializer, KernelRegularization, RecurrentRegularization);

    private protected override string OnnxOperator => "LSTM";

    // ONNX orders the gates i, o, f, c.
    private protected override ReadOnlySpan<int> OnnxGates => [0, 3, 1, 2];

    internal override void WriteConfig(BinaryWriter writer)
    {
        base.WriteConfig(writer);
        writer.Write(UnitForgetBias);
    }

    internal static Lstm ReadConfig(BinaryReader reader)
        => ReadConfig(reader, s => new Lstm(s.Units, s.ReturnSequences, s.GoBackwards, reader.ReadBoolean(), Initializer.Zeros, Initializer.Zeros,
            s.KernelRegularization, s.RecurrentRegularization));

    private Span<float> Gates(int step, int rows) => StepRecords(_gates, step, GateWidth, rows);

    private Span<float> Cells(int step, int rows) => StepRecords(_cells, step, Units, rows);

    private Span<float> CellTanh(int step, int rows) => StepRecords(_cellTanh, step, Units, rows);
}
