using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Kernels;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The shared machinery of <see cref="SimpleRnn"/>, <see cref="Lstm"/> and <see cref="Gru"/>: a cell run over the steps
/// of [steps × features] examples (batch first, as Keras), from a zero state, returning the last hidden state
/// [units] or, with <see cref="ReturnSequences"/>, every step's [steps × units].
/// </summary>
/// <remarks>
/// The input projections of all steps are one matrix product before the loop, and the kernel gradients are one product
/// each after it; inside the loop each step costs one [batch × units]·[units × gates·units] product forward and one
/// backward. Steps are laid out time-major internally so that every step's rows are contiguous.
/// <para>Sequences of different lengths, padded to the layer's steps, run with the run's sequence lengths (as Keras'
/// masking and PyTorch's packed sequences): the examples are ordered longest first, so each step's products cover only
/// the examples still running, a state stops changing at its sequence's end (the last state is that one), returned
/// sequences hold zeros past it, and a backward layer reverses only the valid steps. The padding's values never reach
/// an output or a gradient.</para>
/// </remarks>
public abstract class RecurrentLayer : Layer
{
    private Parameter? _kernel;
    private Parameter? _recurrentKernel;
    private Parameter? _bias;
    private Parameter? _recurrentBias;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[]? _timeMajorInput;
    private float[]? _preactivations;
    private float[]? _hidden;
    private float[]? _inputPartGradient;
    private float[]? _recurrentPartGradient;
    private float[]? _stateGradient;
    private float[]? _carriedGradient;
    private float[]? _timeMajorInputGradient;
    private readonly StepPlan _plan = new();
    private int _maxThreads = 1;
    private int _batch;

    private protected RecurrentLayer(int units, bool returnSequences, bool goBackwards, Initializer? kernelInitializer,
        Initializer? recurrentInitializer, Regularization? kernelRegularization, Regularization? recurrentRegularization)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        Units = units;
        ReturnSequences = returnSequences;
        GoBackwards = goBackwards;
        KernelInitializer = kernelInitializer ?? Initializer.GlorotUniform;
        RecurrentInitializer = recurrentInitializer ?? Initializer.Orthogonal();
        KernelRegularization = kernelRegularization;
        RecurrentRegularization = recurrentRegularization;
    }

    /// <summary>The size of the hidden state.</summary>
    public int Units { get; }

    /// <summary>Whether the output is every step's hidden state, [steps × units], rather than the last one.</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the steps are processed last to first; the returned sequence is then in processing order (as
    /// Keras' <c>go_backwards</c>).</summary>
    public bool GoBackwards { get; }

    /// <summary>How the input kernel is initialized.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>How the recurrent kernel is initialized.</summary>
    public Initializer RecurrentInitializer { get; }

    /// <summary>The input kernel's L1/L2 penalty, or null.</summary>
    public Regularization? KernelRegularization { get; }

    /// <summary>The recurrent kernel's L1/L2 penalty, or null.</summary>
    public Regularization? RecurrentRegularization { get; }

    /// <summary>The input weights, [features × gates·units], gate blocks side by side.</summary>
    public Parameter Kernel => _kernel ?? throw new InvalidOperationException("The layer is not built.");

    /// <summary>The recurrent weights, [units × gates·units].</summary>
    public Parameter RecurrentKernel => _recurrentKernel ?? throw new InvalidOperationException("The layer is not built.");

    /// <summary>The input bias, [gates·units].</summary>
    public Parameter Bias => _bias ?? throw new InvalidOperationException("The layer is not built.");

    /// <summary>The number of gate blocks (1 for a simple RNN, 4 for an LSTM, 3 for a GRU).</summary>
    private protected abstract int GateCount { get; }

    /// <summary>Whether the cell adds a separate bias to the recurrent product and differentiates it apart from the
    /// input projection (the GRU's reset-after form).</summary>
    private protected virtual bool SplitsRecurrentPart => false;

    /// <summary>The recurrent bias, when <see cref="SplitsRecurrentPart"/>.</summary>
    private protected Parameter? RecurrentBias => _recurrentBias;

    private protected int GateWidth => GateCount * Units;

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        if (inputShape.Rank != 2)
        {
            throw ShapeError(inputShape, "[steps×features]");
        }

        int features = inputShape[1];
        _kernel = AddParameter("kernel", new TensorShape(features, GateWidth), KernelRegularization);
        KernelInitializer.Fill(_kernel.Value.Span, features, GateWidth, random);
        _recurrentKernel = AddParameter("recurrent_kernel", new TensorShape(Units, GateWidth), RecurrentRegularization);
        RecurrentInitializer.Fill(_recurrentKernel.Value.Span, Units, GateWidth, random);
        _bias = AddParameter("bias", new TensorShape(GateWidth));
        InitializeBias(_bias.Value.Span);
        if (SplitsRecurrentPart)
        {
            _recurrentBias = AddParameter("recurrent_bias", new TensorShape(GateWidth));
        }

        return ReturnSequences ? new TensorShape(inputShape[0], Units) : new TensorShape(Units);
    }

    /// <summary>Sets the initial input bias; zeros unless a cell says otherwise.</summary>
    private protected virtual void InitializeBias(Span<float> bias) => bias.Clear();

    /// <summary>Makes room for the cell's per-step records of a pass over <paramref name="steps"/> steps of
    /// <paramref name="batch"/> examples.</summary>
    private protected abstract void PrepareSteps(int steps, int batch);

    /// <summary>Resets what the cell carries from step to step in a backward pass (zero before the last step).</summary>
    private protected virtual void PrepareBackward(int batch)
    {
    }

    /// <summary>Runs step <paramref name="step"/> for the first <paramref name="rows"/> examples of the plan (those whose
    /// sequences reach it): <paramref name="inputPart"/> holds x·W + b for them ([rows × gates·units], the cell may
    /// overwrite it), <paramref name="previous"/> their last hidden state; the cell writes the new hidden state to
    /// <paramref name="next"/>.</summary>
    private protected abstract void ForwardStep(int step, Span<float> inputPart, ReadOnlySpan<float> previous, Span<float> next, int rows);

    /// <summary>Back-propagates step <paramref name="step"/> for the first <paramref name="rows"/> examples: given the
    /// gradient <paramref name="dh"/> with respect to their hidden state, the cell writes the gradients with respect to
    /// the input part and to the recurrent part (the same span unless <see cref="SplitsRecurrentPart"/>) and the part of
    /// the previous state's gradient that does not flow through the recurrent kernel (zero for a cell without a direct
    /// path).</summary>
    private protected abstract void BackwardStep(int step, ReadOnlySpan<float> previous, ReadOnlySpan<float> dh,
        Span<float> dInputPart, Span<float> dRecurrentPart, Span<float> dPrevious, int rows);

    /// <summary>Writes (or adds, when <paramref name="accumulate"/>) previous·U to <paramref name="target"/>.</summary>
    private protected void RecurrentProduct(ReadOnlySpan<float> previous, Span<float> target, int rows, bool accumulate)
        => Gemm.Multiply(false, false, rows, GateWidth, Units, previous, RecurrentKernel.Value.Span, target, accumulate, _maxThreads);

    /// <summary>The records of <paramref name="width"/> values per example that a cell keeps for step
    /// <paramref name="step"/> in <paramref name="buffer"/> (laid out step after step, a whole batch each): those of the
    /// first <paramref name="rows"/> examples.</summary>
    private protected Span<float> StepRecords(float[]? buffer, int step, int width, int rows) => buffer.AsSpan(step * _batch * width, rows * width);

    /// <summary>The input-part pre-activations of step <paramref name="step"/> of the last forward pass.</summary>
    private protected Span<float> InputPart(int step, int rows) => StepRecords(_preactivations, step, GateWidth, rows);

    /// <summary>The hidden state after step <paramref name="step"/> of the last forward pass.</summary>
    private protected ReadOnlySpan<float> HiddenAfter(int step, int rows) => StepRecords(_hidden, step + 1, Units, rows);

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        _maxThreads = context.MaxThreads;
        int batch = input.Shape[0], steps = InputShape[0], features = InputShape[1];
        _batch = batch;
        _plan.Plan(batch, steps, context.SequenceLengths, TypeName);
        int rows = steps * batch;
        float[] x = Scratch.Ensure(ref _timeMajorInput, rows * features);
        Reorder(input.Span, x, features, toTimeMajor: true, reverse: GoBackwards);
        float[] p = Scratch.Ensure(ref _preactivations, rows * GateWidth);
        Gemm.Multiply(false, false, rows, GateWidth, features, x, Kernel.Value.Span, p, accumulate: false, _maxThreads);
        ReadOnlySpan<float> bias = Bias.Value.Span;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = p.AsSpan(r * GateWidth, GateWidth);
            TensorPrimitives.Add(row, bias, row);
        }

        float[] h = Scratch.Ensure(ref _hidden, (steps + 1) * batch * Units);
        h.AsSpan(0, batch * Units).Clear();
        PrepareSteps(steps, batch);
        int state = batch * Units;
        for (int s = 0; s < steps; s++)
        {
            int active = _plan.Active(s);
            Span<float> next = h.AsSpan((s + 1) * state, state);
            if (active > 0)
            {
                ForwardStep(s, InputPart(s, active), h.AsSpan(s * state, active * Units), next, active);
            }

            // Examples whose sequences have ended hold zeros, which the kernel gradients multiply by zero.
            next[(active * Units)..].Clear();
        }

        Tensor y = Tensor.EnsureBatch(ref _output, batch, OutputShape);
        if (ReturnSequences)
        {
            // Processing order, which is reversed time for a backward layer (Keras' go_backwards); zeros past the end.
            Reorder(h.AsSpan(state, steps * state), y.Span, Units, toTimeMajor: false, reverse: false);
        }
        else
        {
            for (int q = 0; q < batch; q++)
            {
                h.AsSpan((_plan.Length(q) * state) + (q * Units), Units).CopyTo(y.Span.Slice(_plan.Example(q) * Units, Units));
            }
        }

        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        float[] h = _hidden ?? throw new InvalidOperationException("Backward before forward.");
        _maxThreads = context.MaxThreads;
        int batch = outputGradient.Shape[0], steps = InputShape[0], features = InputShape[1];
        int rows = steps * batch, state = batch * Units, stepGates = batch * GateWidth;
        float[] dInput = Scratch.Ensure(ref _inputPartGradient, rows * GateWidth);
        float[] dRecurrent = SplitsRecurrentPart ? Scratch.Ensure(ref _recurrentPartGradient, rows * GateWidth) : dInput;
        Span<float> dh = Scratch.Ensure(ref _stateGradient, state).AsSpan(0, state);
        Span<float> carried = Scratch.Ensure(ref _carriedGradient, state).AsSpan(0, state);
        carried.Clear();
        PrepareBackward(batch);
        ReadOnlySpan<float> dy = outputGradient.Span;
        for (int s = steps - 1; s >= 0; s--)
        {
            int active = _plan.Active(s);
            Span<float> dInputStep = dInput.AsSpan(s * stepGates, stepGates);
            Span<float> dRecurrentStep = dRecurrent.AsSpan(s * stepGates, stepGates);
            dInputStep[(active * GateWidth)..].Clear();
            dRecurrentStep[(active * GateWidth)..].Clear();
            if (active == 0)
            {
                continue;
            }

            // A returned sequence feeds every step; a last state feeds the last step of each sequence, which for the
            // examples from Active(s + 1) on is this one.
            int fedFrom = ReturnSequences ? 0 : _plan.Active(s + 1);
            carried[..(fedFrom * Units)].CopyTo(dh);
            for (int q = fedFrom; q < active; q++)
            {
                int offset = ReturnSequences ? ((_plan.Example(q) * steps) + s) * Units : _plan.Example(q) * Units;
                TensorPrimitives.Add(carried.Slice(q * Units, Units), dy.Slice(offset, Units), dh.Slice(q * Units, Units));
            }

            Span<float> dInputActive = dInputStep[..(active * GateWidth)];
            Span<float> dRecurrentActive = dRecurrentStep[..(active * GateWidth)];
            BackwardStep(s, h.AsSpan(s * state, active * Units), dh[..(active * Units)], dInputActive, dRecurrentActive, carried[..(active * Units)], active);
            Gemm.Multiply(false, true, active, Units, GateWidth, dRecurrentActive, RecurrentKernel.Value.Span, carried, accumulate: true, _maxThreads);
        }

        if (context.ParameterGradients)
        {
            Gemm.Multiply(true, false, features, GateWidth, rows, _timeMajorInput!, dInput, Kernel.Gradient.Span, accumulate: false, _maxThreads);
            Gemm.Multiply(true, false, Units, GateWidth, rows, h, dRecurrent, RecurrentKernel.Gradient.Span, accumulate: false, _maxThreads);
            SumRows(dInput, rows, Bias.Gradient.Span);
            if (_recurrentBias is not null)
            {
                SumRows(dRecurrent, rows, _recurrentBias.Gradient.Span);
            }
        }

        if (!needInputGradient)
        {
            return null;
        }

        float[] dxTimeMajor = Scratch.Ensure(ref _timeMajorInputGradient, rows * features);
        Gemm.Multiply(false, true, rows, features, GateWidth, dInput, Kernel.Value.Span, dxTimeMajor, accumulate: false, _maxThreads);
        Tensor dx = Tensor.EnsureBatch(ref _inputGradient, batch, InputShape);
        Reorder(dxTimeMajor, dx.Span, features, toTimeMajor: false, reverse: GoBackwards);
        return dx;
    }

    internal override string ExportOnnx(OnnxBuilder graph, string input) => ExportOnnx(graph, input, timeAligned: false);

    /// <summary>Adds the layer to an ONNX graph as ONNX's recurrent operator, forward over time-major steps (a backward
    /// layer reads them reversed). Sequences come out in processing order, as Keras' go_backwards gives them, or, when
    /// <paramref name="timeAligned"/>, in the input's order (for <see cref="Bidirectional"/>). Nothing fixes the number
    /// of steps, so a model whose later layers allow it takes sequences of any length. With the graph's
    /// <see cref="OnnxBuilder.SequenceLengths"/>, the operator stops at each sequence's end and reversing turns round
    /// only the valid steps (ReverseSequence), as the managed layer does. Reversing needs opset 10 (Slice's steps,
    /// ReverseSequence).</summary>
    /// <exception cref="NotSupportedException">The layer goes backwards and the graph's opset is below 10.</exception>
    internal string ExportOnnx(OnnxBuilder graph, string input, bool timeAligned)
    {
        int features = InputShape[1];
        string? lengths = graph.SequenceLengths;
        string x = graph.Add("Transpose", [input], "time_major", OnnxAttribute.Ints("perm", 1, 0, 2));
        if (GoBackwards)
        {
            x = ReverseSteps(graph, x, lengths);
        }

        string kernel = graph.AddInitializer("W", OnnxGateMajor(Kernel.Value.Span, features), 1, GateWidth, features);
        string recurrent = graph.AddInitializer("R", OnnxGateMajor(RecurrentKernel.Value.Span, Units), 1, GateWidth, Units);
        var biases = new float[2 * GateWidth];
        OnnxGateOrder(Bias.Value.Span, biases.AsSpan(0, GateWidth));
        if (RecurrentBias is not null)
        {
            OnnxGateOrder(RecurrentBias.Value.Span, biases.AsSpan(GateWidth));
        }

        string bias = graph.AddInitializer("B", biases, 1, 2 * GateWidth);
        string[] outputs = graph.AddNode(OnnxOperator, lengths is null ? [x, kernel, recurrent, bias] : [x, kernel, recurrent, bias, lengths], ReturnSequences ? ["Y", ""] : ["", "Y_h"],
            [OnnxAttribute.Int("hidden_size", Units), .. OnnxAttributes()]);
        if (!ReturnSequences)
        {
            return graph.Squeeze(outputs[1], 0, "last_state");
        }

        // Y is [steps × directions × batch × units].
        string sequence = graph.Squeeze(outputs[0], 1, "sequence");
        if (GoBackwards && timeAligned)
        {
            sequence = ReverseSteps(graph, sequence, lengths);
        }

        return graph.Add("Transpose", [sequence], "batch_major", OnnxAttribute.Ints("perm", 1, 0, 2));
    }

    /// <summary>ONNX's operator for this cell: RNN, LSTM or GRU.</summary>
    private protected abstract string OnnxOperator { get; }

    /// <summary>For each gate in ONNX's order, the index of the same gate in this layer's order.</summary>
    private protected abstract ReadOnlySpan<int> OnnxGates { get; }

    /// <summary>The cell's attributes besides hidden_size.</summary>
    private protected virtual IEnumerable<OnnxAttribute> OnnxAttributes() => [];

    // Reverses the steps of a time-major tensor: a slice from the last step backwards, or, with int32 lengths, the
    // valid steps of each sequence (ReverseSequence, whose lengths are int64). Both need opset 10.
    private static string ReverseSteps(OnnxBuilder graph, string timeMajor, string? lengths)
    {
        graph.RequireOpset(10, "Going backwards over the steps (Slice with negative steps, ReverseSequence)");
        return lengths is null
            ? graph.Add("Slice", [timeMajor, graph.AddInt64s("starts", -1), graph.AddInt64s("ends", long.MinValue), graph.AddInt64s("axes", 0),
                graph.AddInt64s("steps", -1)], "reversed")
            : graph.Add("ReverseSequence", [timeMajor, graph.Add("Cast", [lengths], "lengths_int64", OnnxAttribute.Int("to", (long)Onnx.Protobuf.TensorProto.Types.DataType.Int64))],
                "reversed", OnnxAttribute.Int("batch_axis", 1), OnnxAttribute.Int("time_axis", 0));
    }

    // [rows × gates·units] (gates in this layer's order) → [gates·units × rows] in ONNX's gate order.
    private float[] OnnxGateMajor(ReadOnlySpan<float> matrix, int rows)
    {
        var transposed = new float[matrix.Length];
        var ordered = new float[GateWidth];
        for (int r = 0; r < rows; r++)
        {
            OnnxGateOrder(matrix.Slice(r * GateWidth, GateWidth), ordered);
            for (int c = 0; c < GateWidth; c++)
            {
                transposed[(c * rows) + r] = ordered[c];
            }
        }

        return transposed;
    }

    private void OnnxGateOrder(ReadOnlySpan<float> gates, Span<float> ordered)
    {
        ReadOnlySpan<int> order = OnnxGates;
        for (int g = 0; g < order.Length; g++)
        {
            gates.Slice(order[g] * Units, Units).CopyTo(ordered.Slice(g * Units, Units));
        }
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
        writer.Write(Units);
        writer.Write(ReturnSequences);
        writer.Write(GoBackwards);
        LayerConfig.WriteRegularization(writer, KernelRegularization);
        LayerConfig.WriteRegularization(writer, RecurrentRegularization);
    }

    /// <summary>A layer with the same hyperparameters that runs the other way, for <see cref="Bidirectional"/>.</summary>
    internal abstract RecurrentLayer CreateReversed();

    /// <summary>Reads what <see cref="WriteConfig"/> wrote and hands it to <paramref name="create"/>.</summary>
    private protected static T ReadConfig<T>(BinaryReader reader, Func<RecurrentSettings, T> create)
        => create(new RecurrentSettings(reader.ReadInt32(), reader.ReadBoolean(), reader.ReadBoolean(),
            LayerConfig.ReadRegularization(reader), LayerConfig.ReadRegularization(reader)));

    /// <summary>The shared hyperparameters read from a model file.</summary>
    private protected sealed record RecurrentSettings(int Units, bool ReturnSequences, bool GoBackwards, Regularization? KernelRegularization,
        Regularization? RecurrentRegularization);

    private static void SumRows(ReadOnlySpan<float> matrix, int rows, Span<float> sums)
    {
        sums.Clear();
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(sums, matrix.Slice(r * sums.Length, sums.Length), sums);
        }
    }

    /// <summary>Moves vectors of <paramref name="width"/> between batch-major [batch × steps] order and the time-major
    /// [steps × plan position] order of the step loop. Processing step s of a sequence of length L is time
    /// L − 1 − s when <paramref name="reverse"/>, else time s; steps past the end become zeros in the target.</summary>
    private void Reorder(ReadOnlySpan<float> source, Span<float> target, int width, bool toTimeMajor, bool reverse)
    {
        int steps = InputShape[0];
        for (int q = 0; q < _batch; q++)
        {
            int b = _plan.Example(q), length = _plan.Length(q);
            for (int s = 0; s < steps; s++)
            {
                int time = reverse && s < length ? length - 1 - s : s;
                int timeMajor = ((s * _batch) + q) * width, batchMajor = ((b * steps) + time) * width;
                Span<float> slot = target.Slice(toTimeMajor ? timeMajor : batchMajor, width);
                if (s < length)
                {
                    source.Slice(toTimeMajor ? batchMajor : timeMajor, width).CopyTo(slot);
                }
                else
                {
                    slot.Clear();
                }
            }
        }
    }
}
