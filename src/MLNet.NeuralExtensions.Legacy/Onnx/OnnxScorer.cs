using MLNet.NeuralExtensions.Engine.Onnx;
using System.Runtime.InteropServices;
using MLNet.NeuralExtensions.Onnx.Runtime;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>
/// Scores an ONNX model with ONNX Runtime, on the CPU or a CUDA device: batches of rows for networks with one float
/// input and one float output (<see cref="Score(ReadOnlySpan{float}, int)"/>), or any tensors by name
/// (<see cref="Run"/>).
/// </summary>
/// <remarks>
/// The model's inputs and outputs are read from the model. <see cref="Score(ReadOnlySpan{float}, int, Span{float})"/>
/// hands ORT the caller's own memory, pinned for the call, as the input tensor and as the preallocated output tensor:
/// nothing is copied, and a caller that reuses its buffers from batch to batch allocates nothing. A scorer may be
/// shared between threads, which then run the session concurrently; dispose it to release the native session.
/// </remarks>
public sealed unsafe class OnnxScorer : IDisposable
{
    private const string CudaProvider = "CUDAExecutionProvider";
    private readonly OrtApi _api;
    private readonly OrtHandle _session;
    private readonly OrtHandle _memoryInfo;
    private readonly nint[] _inputNames;
    private readonly nint[] _outputNames;
    private readonly ReaderWriterLockSlim _gate = new();
    private readonly string? _scoringFormError;
    private readonly int? _outputRowSize;
    private bool _disposed;

    /// <summary>Loads the ONNX model file at <paramref name="modelPath"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="OnnxRuntimeException">ORT is missing, the file is not a valid ONNX model (the message names the
    /// file), or the CUDA provider was asked for and cannot be used without <see cref="OnnxScorerOptions.FallbackToCpu"/>.</exception>
    public OnnxScorer(string modelPath, OnnxScorerOptions? options = null)
        : this(File.ReadAllBytes(modelPath ?? throw new ArgumentNullException(nameof(modelPath))), options, modelPath)
    {
    }

    /// <summary>Loads an ONNX model from its bytes.</summary>
    /// <exception cref="OnnxRuntimeException">See <see cref="OnnxScorer(string, OnnxScorerOptions?)"/>.</exception>
    public OnnxScorer(byte[] model, OnnxScorerOptions? options = null)
        : this(model ?? throw new ArgumentNullException(nameof(model)), options, "the ONNX model")
    {
    }

    /// <summary>Loads a model from its bytes; <paramref name="source"/> (a file name) prefixes ORT's load errors.</summary>
    internal OnnxScorer(byte[] model, OnnxScorerOptions? options, string source)
    {
        options ??= new OnnxScorerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpNumThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(options.InterOpNumThreads);
        _api = OrtLibrary.Api;
        (_session, ExecutionProvider) = CreateSession(model, options, source);
        _memoryInfo = new OrtHandle(_api.CreateCpuMemoryInfo(), _api.ReleaseMemoryInfo);
        Inputs = [.. Enumerable.Range(0, _api.InputCount(_session)).Select(i => Describe(_api.InputName(_session, i), _api.InputTypeInfo(_session, i)))];
        Outputs = [.. Enumerable.Range(0, _api.OutputCount(_session)).Select(i => Describe(_api.OutputName(_session, i), _api.OutputTypeInfo(_session, i)))];
        _inputNames = [.. Inputs.Select(i => Marshal.StringToCoTaskMemUTF8(i.Name))];
        _outputNames = [.. Outputs.Select(o => Marshal.StringToCoTaskMemUTF8(o.Name))];
        (_scoringFormError, _outputRowSize) = ScoringForm();
    }

    /// <summary>The model's inputs, in the graph's order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The model's outputs, in the graph's order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>The execution provider the model runs on: "CPUExecutionProvider" or "CUDAExecutionProvider".</summary>
    public string ExecutionProvider { get; }

    /// <summary>Whether ONNX Runtime's native library can be found and loaded (see <see cref="OnnxRuntimeLibrary"/>).</summary>
    public static bool IsOnnxRuntimeAvailable => OrtLibrary.IsAvailable;

    /// <summary>Where ONNX Runtime's native library was loaded from, and its version.</summary>
    /// <exception cref="OnnxRuntimeException">The library cannot be found; the message says how to get it.</exception>
    public static string OnnxRuntimeLibrary => $"{OrtLibrary.Location} (ONNX Runtime {OrtLibrary.Version})";

    /// <summary>Scores <paramref name="rows"/> examples laid out one after another and returns the outputs the same
    /// way. The model must have one float input and one float output whose first axis is the batch; of the input's other
    /// axes, one may be open (a sequence length), and is then worked out from the number of features.</summary>
    /// <exception cref="ArgumentException">The feature count does not fit rows examples of the input.</exception>
    /// <exception cref="NotSupportedException">The model does not have that form.</exception>
    public float[] Score(ReadOnlySpan<float> features, int rows)
    {
        if (OutputRowSize is int outputSize)
        {
            var outputs = new float[(long)rows * outputSize];
            Score(features, rows, outputs);
            return outputs;
        }

        // An output with an open axis (a returned sequence): ORT sizes it.
        long[] inputShape = new long[Inputs[0].Dimensions.Count];
        InputShape(features.Length, rows, inputShape);
        var input = OnnxTensor.Create(features.ToArray(), inputShape);
        return Run(new Dictionary<string, OnnxTensor> { [Inputs[0].Name] = input })[Outputs[0].Name].GetData<float>();
    }

    /// <summary>Scores <paramref name="rows"/> examples into <paramref name="outputs"/>; the output's axes after the
    /// first must be fixed. ORT reads the features and writes the outputs in place, in the caller's memory, so
    /// nothing is copied and nothing is allocated on the managed heap. See <see cref="Score(ReadOnlySpan{float}, int)"/>.</summary>
    /// <exception cref="ArgumentException">A length does not fit rows examples of the input or output.</exception>
    /// <exception cref="NotSupportedException">The model does not have that form.</exception>
    public void Score(ReadOnlySpan<float> features, int rows, Span<float> outputs)
    {
        Span<long> inputShape = stackalloc long[Inputs[0].Dimensions.Count];
        InputShape(features.Length, rows, inputShape);
        int outputSize = OutputRowSize ?? throw new NotSupportedException($"The model's output {Outputs[0].ShapeText} has an open axis after the batch; use Score without a destination.");
        if (outputs.Length != (long)rows * outputSize)
        {
            throw new ArgumentException($"{rows} rows of the model's output {Outputs[0].ShapeText} need {(long)rows * outputSize} values; the destination has {outputs.Length}.", nameof(outputs));
        }

        Span<long> outputShape = stackalloc long[Outputs[0].Dimensions.Count];
        outputShape[0] = rows;
        for (int i = 1; i < outputShape.Length; i++)
        {
            outputShape[i] = Outputs[0].Dimensions[i];
        }

        _gate.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            nint input = 0, output = 0;
            fixed (float* featureData = features, outputData = outputs)
            fixed (nint* inputName = _inputNames, outputName = _outputNames)
            {
                try
                {
                    input = _api.CreateTensor(_memoryInfo, featureData, (long)features.Length * sizeof(float), inputShape, (int)OnnxElementType.Float);
                    output = _api.CreateTensor(_memoryInfo, outputData, (long)outputs.Length * sizeof(float), outputShape, (int)OnnxElementType.Float);
                    _api.Run(_session, inputName, &input, 1, outputName, &output, 1);
                }
                finally
                {
                    ReleaseValues(input, output);
                }
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Runs the model on <paramref name="inputs"/>, one tensor per model input by name, and returns every
    /// output by name.</summary>
    /// <exception cref="ArgumentException">An input is missing, unknown, of the wrong element type, or of a shape the
    /// model does not take; the message names it and both shapes.</exception>
    /// <exception cref="NotSupportedException">An output has an element type this package does not read.</exception>
    /// <exception cref="OnnxRuntimeException">ORT failed while running; the message carries its explanation.</exception>
    public IReadOnlyDictionary<string, OnnxTensor> Run(IReadOnlyDictionary<string, OnnxTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckInputs(inputs);
        var handles = new GCHandle[Inputs.Count];
        var values = new nint[Inputs.Count];
        var results = new nint[Outputs.Count];
        try
        {
            for (int i = 0; i < Inputs.Count; i++)
            {
                OnnxTensor tensor = inputs[Inputs[i].Name];
                if (tensor.ElementType == OnnxElementType.String)
                {
                    values[i] = _api.CreateTextTensor([.. tensor.Shape], tensor.GetText());
                    continue;
                }

                handles[i] = GCHandle.Alloc(tensor.Data, GCHandleType.Pinned);
                values[i] = _api.CreateTensor(_memoryInfo, (void*)handles[i].AddrOfPinnedObject(), (long)tensor.Data.Length * ElementSize(tensor.ElementType),
                    [.. tensor.Shape], (int)tensor.ElementType);
            }

            _gate.EnterReadLock();
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                fixed (nint* inputNames = _inputNames, outputNames = _outputNames, inputValues = values, outputValues = results)
                {
                    _api.Run(_session, inputNames, inputValues, values.Length, outputNames, outputValues, results.Length);
                }
            }
            finally
            {
                _gate.ExitReadLock();
            }

            return Outputs.Select((o, i) => (o.Name, Tensor: ReadResult(o, results[i]))).ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);
        }
        finally
        {
            ReleaseValues([.. values, .. results]);

            foreach (GCHandle handle in handles.Where(h => h.IsAllocated))
            {
                handle.Free();
            }
        }
    }

    /// <summary>Releases the native session and the model's value names.</summary>
    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _session.Dispose();
            _memoryInfo.Dispose();
            foreach (nint name in _inputNames.Concat(_outputNames))
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private (OrtHandle Session, string Provider) CreateSession(byte[] model, OnnxScorerOptions options, string source)
    {
        if (options.GpuDeviceId is int device)
        {
            try
            {
                return (Open(model, options, device, source), CudaProvider);
            }
            catch (OnnxRuntimeException ex) when (ex.ErrorCode != "InvalidProtobuf" && ex.ErrorCode != "InvalidGraph")
            {
                string problem = $"The CUDA execution provider could not be used for GPU device {device}. It needs ONNX Runtime's CUDA provider library "
                    + $"({CudaLibrary}, from the Microsoft.ML.OnnxRuntime.Gpu package or onnxruntime-node's CUDA install) next to {OrtLibrary.Location}, "
                    + $"with CUDA 12 and cuDNN 9. {ex.Message}";
                if (!options.FallbackToCpu)
                {
                    throw new OnnxRuntimeException(problem, ex.ErrorCode ?? "ExecutionProviderFailure");
                }

                options.Log?.Invoke($"{problem} Falling back to the CPU, as FallbackToCpu allows.");
            }
        }

        return (Open(model, options, null, source), "CPUExecutionProvider");
    }

    private static string CudaLibrary => OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";

    private OrtHandle Open(byte[] model, OnnxScorerOptions options, int? gpuDevice, string source)
    {
        using var sessionOptions = new OrtHandle(_api.CreateSessionOptions(), _api.ReleaseSessionOptions);
        _api.SetGraphOptimizationLevel(sessionOptions, 99);
        if (options.IntraOpNumThreads > 0)
        {
            _api.SetIntraOpNumThreads(sessionOptions, options.IntraOpNumThreads);
        }

        if (options.InterOpNumThreads > 0)
        {
            _api.SetInterOpNumThreads(sessionOptions, options.InterOpNumThreads);
        }

        if (gpuDevice is int device)
        {
            string[] providers = _api.GetAvailableProviders();
            if (!providers.Contains(CudaProvider))
            {
                throw new OnnxRuntimeException($"This ONNX Runtime build ({OrtLibrary.Version}) has no CUDA provider; it has {string.Join(", ", providers)}.", "ExecutionProviderFailure");
            }

            _api.AppendCudaProvider(sessionOptions, device);
        }

        try
        {
            return new OrtHandle(_api.CreateSession(OrtLibrary.Environment, model, sessionOptions), _api.ReleaseSession);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxRuntimeException($"{source}: {ex.Message}", ex.ErrorCode);
        }
    }

    private OnnxTensorInfo Describe(string name, nint typeInfo)
    {
        try
        {
            if (_api.OnnxType(typeInfo) != 1)
            {
                return new OnnxTensorInfo(name, OnnxElementType.Unsupported, [], []);
            }

            var (type, dimensions, symbols) = _api.TensorType(_api.TensorInfo(typeInfo));
            OnnxElementType elementType = Enum.IsDefined((OnnxElementType)type) ? (OnnxElementType)type : OnnxElementType.Unsupported;
            return new OnnxTensorInfo(name, elementType, dimensions, symbols);
        }
        finally
        {
            _api.ReleaseTypeInfo(typeInfo);
        }
    }

    // The input shape for rows examples of featureCount values in all: the model's own, with the batch and at most one
    // other open axis filled in.
    private void InputShape(int featureCount, int rows, Span<long> shape)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        RequireScoringForm();
        OnnxTensorInfo input = Inputs[0];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = input.Dimensions[i];
        }

        if (shape[0] >= 0 && shape[0] != rows)
        {
            throw new ArgumentException($"The model's input {input.ShapeText} takes exactly {shape[0]} rows at a time; got {rows}.", nameof(rows));
        }

        shape[0] = rows;
        long known = 1, size = 1;
        int open = -1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] >= 0)
            {
                known *= shape[i];
            }
            else
            {
                open = i;
            }
        }

        if (open > 0 && known > 0 && featureCount % known == 0)
        {
            shape[open] = featureCount / known;
        }

        foreach (long d in shape)
        {
            size *= d;
        }

        if (size != featureCount || size == 0)
        {
            throw new ArgumentException($"{featureCount} values are not {rows} examples of the model's input {input.ShapeText}.", nameof(featureCount));
        }
    }

    // The size of one output example, or null when an axis after the batch is open.
    private int? OutputRowSize
    {
        get
        {
            RequireScoringForm();
            return _outputRowSize;
        }
    }

    private void RequireScoringForm()
    {
        if (_scoringFormError is not null)
        {
            throw new NotSupportedException(_scoringFormError);
        }
    }

    // Why Score cannot run this model (null when it can), and the size of one output example (null when open).
    private (string? Error, int? OutputRowSize) ScoringForm()
    {
        static bool Fits(IReadOnlyList<OnnxTensorInfo> values, int maxOpen)
            => values.Count == 1 && values[0].ElementType == OnnxElementType.Float && values[0].Dimensions.Count > 0
                && values[0].Dimensions.Skip(1).Count(d => d < 0) <= maxOpen;

        if (!Fits(Inputs, 1) || !Fits(Outputs, int.MaxValue))
        {
            return ("Score needs a model with one float input (at most one open axis after the batch) and one float output; this model has "
                + $"{string.Join(", ", Inputs.Concat(Outputs).Select(v => $"{v.Name} {v.ElementType} {v.ShapeText}"))}. Use Run.", null);
        }

        IEnumerable<long> example = Outputs[0].Dimensions.Skip(1);
        return (null, example.Any(d => d < 0) ? null : (int)example.Aggregate(1L, (a, d) => a * d));
    }

    private void CheckInputs(IReadOnlyDictionary<string, OnnxTensor> inputs)
    {
        foreach (string name in inputs.Keys.Where(n => !Inputs.Any(i => i.Name == n)))
        {
            throw new ArgumentException($"The model has no input '{name}'; its inputs are {string.Join(", ", Inputs.Select(i => i.Name))}.", nameof(inputs));
        }

        foreach (OnnxTensorInfo info in Inputs)
        {
            if (!inputs.TryGetValue(info.Name, out OnnxTensor? tensor))
            {
                throw new ArgumentException($"The model's input '{info.Name}' ({info.ElementType} {info.ShapeText}) was not given.", nameof(inputs));
            }

            bool fits = tensor.ElementType == info.ElementType && tensor.Shape.Count == info.Dimensions.Count
                && info.Dimensions.Select((d, i) => d < 0 || d == tensor.Shape[i]).All(ok => ok);
            if (!fits)
            {
                throw new ArgumentException($"The model's input '{info.Name}' is {info.ElementType} {info.ShapeText}; got {tensor.ElementType} [{string.Join("×", tensor.Shape)}].", nameof(inputs));
            }
        }
    }

    private OnnxTensor ReadResult(OnnxTensorInfo info, nint value)
    {
        var (type, dimensions) = _api.ValueType(value);
        var elementType = (OnnxElementType)type;
        if (!Enum.IsDefined(elementType) || elementType == OnnxElementType.Unsupported)
        {
            throw new NotSupportedException($"The model's output '{info.Name}' has ONNX element type {type}, which this package does not read.");
        }

        long length = dimensions.Aggregate(1L, (a, d) => a * d);
        if (elementType == OnnxElementType.String)
        {
            return OnnxTensor.Wrap(_api.TextData(value, length), elementType, dimensions);
        }

        Array data = OnnxTensor.NewArray(elementType, length);
        int bytes = checked((int)(length * ElementSize(elementType)));
        new ReadOnlySpan<byte>(_api.TensorData(value), bytes).CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), bytes));
        return OnnxTensor.Wrap(data, elementType, dimensions);
    }

    private void ReleaseValues(params ReadOnlySpan<nint> values)
    {
        foreach (nint value in values)
        {
            if (value != 0)
            {
                _api.ReleaseValue(value);
            }
        }
    }

    private static int ElementSize(OnnxElementType type) => type switch
    {
        OnnxElementType.Bool => 1,
        OnnxElementType.Float or OnnxElementType.Int32 or OnnxElementType.UInt32 => 4,
        _ => 8,
    };
}
