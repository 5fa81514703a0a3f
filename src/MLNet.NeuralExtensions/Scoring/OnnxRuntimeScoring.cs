using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNet.NeuralExtensions.Scoring;

/// <summary>
/// Scores with one ONNX Runtime session, which runs on several threads at once. Inputs and outputs stay in the caller's
/// memory: a batch runs on tensors over the caller's pinned spans, its outputs preallocated; a row scorer keeps its
/// tensors over its own pinned buffers from call to call and, on the CPU, runs them through one I/O binding made once,
/// so that a call allocates nothing.
/// </summary>
internal sealed unsafe class OnnxRuntimeScoring : IScoringEngine
{
    private readonly InferenceSession _session;
    private readonly ScoringShape _shape;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OnnxRuntimeScoring(InferenceSession session, ScoringShape shape, string provider)
    {
        _session = session;
        _shape = shape;
        ExecutionProvider = provider;
        _inputNames = [.. session.InputNames];
        _outputNames = [session.OutputNames[0]];
    }

    public string ExecutionProvider { get; }

    /// <summary>A session on the CPU for the ONNX model <paramref name="model"/>.</summary>
    public static OnnxRuntimeScoring OnCpu(byte[] model, ScoringShape shape)
    {
        using var options = NewOptions();
        return new OnnxRuntimeScoring(new InferenceSession(model, options), shape, OnnxRuntimeLibrary.CpuProvider);
    }

    /// <summary>A session on CUDA device <paramref name="device"/>, or null with the reason in <paramref name="problem"/>
    /// when the CUDA execution provider is not in the native library or cannot start there.</summary>
    public static OnnxRuntimeScoring? OnCuda(byte[] model, ScoringShape shape, int device, out string problem)
    {
        IReadOnlyList<string> providers = OnnxRuntimeLibrary.Providers;
        if (!providers.Contains(OnnxRuntimeLibrary.CudaProvider))
        {
            problem = $"GPU device {device} was asked for, but the ONNX Runtime native library loaded has no {OnnxRuntimeLibrary.CudaProvider} "
                + $"(it has {string.Join(", ", providers)}): the application references {OnnxRuntimeLibrary.CpuPackage}; reference "
                + $"{OnnxRuntimeLibrary.GpuPackage} instead to score on CUDA.";
            return null;
        }

        try
        {
            using var options = NewOptions();
            options.AppendExecutionProvider_CUDA(device);
            problem = "";
            return new OnnxRuntimeScoring(new InferenceSession(model, options), shape, OnnxRuntimeLibrary.CudaProvider);
        }
        catch (OnnxRuntimeException ex)
        {
            problem = $"ONNX Runtime's {OnnxRuntimeLibrary.CudaProvider} could not start on GPU device {device}: {ex.Message.TrimEnd('.')}. "
                + $"It needs the CUDA and cuDNN libraries that {OnnxRuntimeLibrary.GpuPackage} is built for (ONNX Runtime's own log names a "
                + "library it could not load) and a CUDA device with that number.";
            return null;
        }
    }

    public IRowScorer CreateRowScorer() => new OnnxRuntimeRowScorer(this);

    public void Score(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths, Span<float> outputs)
    {
        fixed (float* x = features, y = outputs)
        fixed (int* lengths = sequenceLengths)
        {
            using OrtValue input = Over(x, _shape.InputDimensions(rows), features.Length);
            using OrtValue output = Over(y, _shape.OutputDimensions(rows), outputs.Length);
            using OrtValue? lengthValues = _shape.WithSequenceLengths
                ? OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int32, [rows], (nint)lengths, (long)rows * sizeof(int))
                : null;
            OrtValue[] inputs = lengthValues is null ? [input] : [input, lengthValues];
            _session.Run(_runOptions, _inputNames, inputs, _outputNames, [output]);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static SessionOptions NewOptions() => new() { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };

    private static OrtValue Over(float* data, long[] dimensions, int length)
        => OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, dimensions, (nint)data, (long)length * sizeof(float));

    /// <summary>One example at a time through tensors made once over the scorer's own buffers.</summary>
    private sealed class OnnxRuntimeRowScorer : RowScorer
    {
        private readonly OnnxRuntimeScoring _owner;
        private readonly float[] _input;
        private readonly float[] _output;
        private readonly int[] _length = new int[1];
        private readonly OrtValue[] _inputValues;
        private readonly OrtValue[] _outputValues;
        private readonly OrtIoBinding? _binding;

        public OnnxRuntimeRowScorer(OnnxRuntimeScoring owner)
            : base(owner._shape)
        {
            _owner = owner;
            _input = new float[Shape.InputSize];
            _output = new float[Shape.OutputSize];
            OrtValue input = OrtValue.CreateTensorValueFromMemory(_input, Shape.InputDimensions(1));
            _inputValues = Shape.WithSequenceLengths ? [input, OrtValue.CreateTensorValueFromMemory(_length, [1])] : [input];
            _outputValues = [OrtValue.CreateTensorValueFromMemory(_output, Shape.OutputDimensions(1))];

            // ONNX Runtime copies a bound input to the device when it is bound, so only the CPU can bind once.
            if (owner.ExecutionProvider == OnnxRuntimeLibrary.CpuProvider)
            {
                _binding = owner._session.CreateIoBinding();
                for (int i = 0; i < _inputValues.Length; i++)
                {
                    _binding.BindInput(owner._inputNames[i], _inputValues[i]);
                }

                _binding.BindOutput(owner._outputNames[0], _outputValues[0]);
            }
        }

        private protected override void ScoreCore(ReadOnlySpan<float> features, int sequenceLength, Span<float> outputs)
        {
            features.CopyTo(_input);
            _length[0] = sequenceLength;
            if (_binding is not null)
            {
                _owner._session.RunWithBinding(_owner._runOptions, _binding);
            }
            else
            {
                _owner._session.Run(_owner._runOptions, _owner._inputNames, _inputValues, _owner._outputNames, _outputValues);
            }

            _output.CopyTo(outputs);
        }
    }
}
