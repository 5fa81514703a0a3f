using MLNet.NeuralExtensions.Engine.Onnx;
using System.Runtime.InteropServices;

namespace MLNet.NeuralExtensions.Onnx.Runtime;

/// <summary>
/// ONNX Runtime's C API: the table of function pointers that <c>OrtGetApiBase()->GetApi(version)</c> returns. The
/// table's order is fixed by <c>onnxruntime_c_api.h</c> and only ever grows, so each function is read at its index.
/// Every call that returns an <c>OrtStatus*</c> goes through <see cref="Check"/>, which turns a failure into an
/// <see cref="OnnxRuntimeException"/> carrying ORT's code and message.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>The C API version asked for: the oldest that has every function used here (ORT 1.17); ORT 1.30 serves
    /// it unchanged.</summary>
    public const uint Version = 17;

    private readonly nint* _table;

    public OrtApi(nint table) => _table = (nint*)table;

    // Indices in the OrtApi struct.
    private const int CreateStatusIndex = 0, GetErrorCodeIndex = 1, GetErrorMessageIndex = 2, CreateEnvIndex = 3;
    private const int CreateSessionFromArrayIndex = 8, RunIndex = 9, CreateSessionOptionsIndex = 10;
    private const int SetSessionGraphOptimizationLevelIndex = 23, SetIntraOpNumThreadsIndex = 24, SetInterOpNumThreadsIndex = 25;
    private const int SessionGetInputCountIndex = 30, SessionGetOutputCountIndex = 31, SessionGetInputTypeInfoIndex = 33;
    private const int SessionGetOutputTypeInfoIndex = 34, SessionGetInputNameIndex = 36, SessionGetOutputNameIndex = 37;
    private const int CreateTensorAsOrtValueIndex = 48, CreateTensorWithDataAsOrtValueIndex = 49, GetTensorMutableDataIndex = 51;
    private const int FillStringTensorIndex = 52, GetStringTensorDataLengthIndex = 53, GetStringTensorContentIndex = 54;
    private const int CastTypeInfoToTensorInfoIndex = 55, GetOnnxTypeFromTypeInfoIndex = 56, GetTensorElementTypeIndex = 60;
    private const int GetDimensionsCountIndex = 61, GetDimensionsIndex = 62, GetSymbolicDimensionsIndex = 63;
    private const int GetTensorTypeAndShapeIndex = 65, CreateCpuMemoryInfoIndex = 69, AllocatorFreeIndex = 76;
    private const int GetAllocatorWithDefaultOptionsIndex = 78;
    private const int ReleaseStatusIndex = 93, ReleaseMemoryInfoIndex = 94, ReleaseSessionIndex = 95;
    private const int ReleaseValueIndex = 96, ReleaseTypeInfoIndex = 98, ReleaseTensorTypeAndShapeInfoIndex = 99;
    private const int ReleaseSessionOptionsIndex = 100, GetAvailableProvidersIndex = 125, ReleaseAvailableProvidersIndex = 126;
    private const int SessionOptionsAppendExecutionProviderCudaV2Index = 204, CreateCudaProviderOptionsIndex = 205;
    private const int UpdateCudaProviderOptionsIndex = 206, ReleaseCudaProviderOptionsIndex = 208;

    /// <summary>ORT's OrtErrorCode values that the binding names.</summary>
    public enum ErrorCode
    {
        Ok = 0,
        Fail = 1,
        InvalidArgument = 2,
        NoSuchFile = 3,
        NoModel = 4,
        EngineError = 5,
        RuntimeException = 6,
        InvalidProtobuf = 7,
        ModelLoaded = 8,
        NotImplemented = 9,
        InvalidGraph = 10,
        ExecutionProviderFailure = 11,
    }

    /// <summary>Throws an <see cref="OnnxRuntimeException"/> for a non-null status, freeing it; <paramref name="what"/>
    /// says what was being done.</summary>
    public void Check(nint status, string what)
    {
        if (status == 0)
        {
            return;
        }

        var code = (ErrorCode)((delegate* unmanaged<nint, int>)_table[GetErrorCodeIndex])(status);
        string message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)_table[GetErrorMessageIndex])(status)) ?? "";
        ((delegate* unmanaged<nint, void>)_table[ReleaseStatusIndex])(status);
        throw new OnnxRuntimeException($"ONNX Runtime failed to {what}: {message}", code.ToString());
    }

    /// <summary>Makes a status carrying <paramref name="message"/> (used to test the error path).</summary>
    public nint CreateStatus(ErrorCode code, string message)
    {
        nint text = Marshal.StringToCoTaskMemUTF8(message);
        try
        {
            return ((delegate* unmanaged<int, nint, nint>)_table[CreateStatusIndex])((int)code, text);
        }
        finally
        {
            Marshal.FreeCoTaskMem(text);
        }
    }

    public nint CreateEnv(string logId)
    {
        nint env;
        nint id = Marshal.StringToCoTaskMemUTF8(logId);
        try
        {
            // Severity 3 = errors only: ORT's own warnings stay out of the application's console.
            Check(((delegate* unmanaged<int, nint, nint*, nint>)_table[CreateEnvIndex])(3, id, &env), "create its environment");
        }
        finally
        {
            Marshal.FreeCoTaskMem(id);
        }

        return env;
    }

    public nint CreateSessionOptions()
    {
        nint options;
        Check(((delegate* unmanaged<nint*, nint>)_table[CreateSessionOptionsIndex])(&options), "create session options");
        return options;
    }

    public void SetGraphOptimizationLevel(OrtHandle options, int level)
        => Check(((delegate* unmanaged<nint, int, nint>)_table[SetSessionGraphOptimizationLevelIndex])(options.Pointer, level), "set the graph optimization level");

    public void SetIntraOpNumThreads(OrtHandle options, int threads)
        => Check(((delegate* unmanaged<nint, int, nint>)_table[SetIntraOpNumThreadsIndex])(options.Pointer, threads), "set the intra-op thread count");

    public void SetInterOpNumThreads(OrtHandle options, int threads)
        => Check(((delegate* unmanaged<nint, int, nint>)_table[SetInterOpNumThreadsIndex])(options.Pointer, threads), "set the inter-op thread count");

    /// <summary>Adds the CUDA execution provider for <paramref name="deviceId"/> to the session options.</summary>
    public void AppendCudaProvider(OrtHandle options, int deviceId)
    {
        nint cuda;
        Check(((delegate* unmanaged<nint*, nint>)_table[CreateCudaProviderOptionsIndex])(&cuda), "create CUDA provider options");
        nint key = Marshal.StringToCoTaskMemUTF8("device_id");
        nint value = Marshal.StringToCoTaskMemUTF8(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Check(((delegate* unmanaged<nint, nint*, nint*, nuint, nint>)_table[UpdateCudaProviderOptionsIndex])(cuda, &key, &value, 1), "set the CUDA device");
            Check(((delegate* unmanaged<nint, nint, nint>)_table[SessionOptionsAppendExecutionProviderCudaV2Index])(options.Pointer, cuda), "add the CUDA execution provider");
        }
        finally
        {
            Marshal.FreeCoTaskMem(key);
            Marshal.FreeCoTaskMem(value);
            ((delegate* unmanaged<nint, void>)_table[ReleaseCudaProviderOptionsIndex])(cuda);
        }
    }

    /// <summary>The execution providers this build of ORT has, e.g. "CPUExecutionProvider".</summary>
    public string[] GetAvailableProviders()
    {
        nint* names;
        int count;
        Check(((delegate* unmanaged<nint**, int*, nint>)_table[GetAvailableProvidersIndex])(&names, &count), "list its execution providers");
        try
        {
            var providers = new string[count];
            for (int i = 0; i < count; i++)
            {
                providers[i] = Marshal.PtrToStringUTF8(names[i]) ?? "";
            }

            return providers;
        }
        finally
        {
            Check(((delegate* unmanaged<nint*, int, nint>)_table[ReleaseAvailableProvidersIndex])(names, count), "release the provider list");
        }
    }

    public nint CreateSession(nint env, ReadOnlySpan<byte> model, OrtHandle options)
    {
        nint session;
        fixed (byte* data = model)
        {
            Check(((delegate* unmanaged<nint, byte*, nuint, nint, nint*, nint>)_table[CreateSessionFromArrayIndex])(
                env, data, (nuint)model.Length, options.Pointer, &session), "load the model");
        }

        return session;
    }

    public int InputCount(OrtHandle session) => Count(session, SessionGetInputCountIndex);

    public int OutputCount(OrtHandle session) => Count(session, SessionGetOutputCountIndex);

    public string InputName(OrtHandle session, int index) => Name(session, index, SessionGetInputNameIndex);

    public string OutputName(OrtHandle session, int index) => Name(session, index, SessionGetOutputNameIndex);

    public nint InputTypeInfo(OrtHandle session, int index) => TypeInfo(session, index, SessionGetInputTypeInfoIndex);

    public nint OutputTypeInfo(OrtHandle session, int index) => TypeInfo(session, index, SessionGetOutputTypeInfoIndex);

    /// <summary>The ONNXType of a type info (1 = tensor).</summary>
    public int OnnxType(nint typeInfo)
    {
        int type;
        Check(((delegate* unmanaged<nint, int*, nint>)_table[GetOnnxTypeFromTypeInfoIndex])(typeInfo, &type), "read a value's kind");
        return type;
    }

    /// <summary>The tensor part of a type info; owned by the type info, not released on its own.</summary>
    public nint TensorInfo(nint typeInfo)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nint*, nint>)_table[CastTypeInfoToTensorInfoIndex])(typeInfo, &info), "read a tensor type");
        return info;
    }

    /// <summary>The element type and dimensions of a tensor type (−1 for an unknown size) with each dimension's symbolic
    /// name ("" when it has none).</summary>
    public (int ElementType, long[] Dimensions, string[] Symbols) TensorType(nint tensorInfo)
    {
        int elementType;
        nuint rank;
        Check(((delegate* unmanaged<nint, int*, nint>)_table[GetTensorElementTypeIndex])(tensorInfo, &elementType), "read an element type");
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[GetDimensionsCountIndex])(tensorInfo, &rank), "read a tensor rank");
        var dimensions = new long[(int)rank];
        var symbols = new nint[(int)rank];
        fixed (long* d = dimensions)
        fixed (nint* s = symbols)
        {
            Check(((delegate* unmanaged<nint, long*, nuint, nint>)_table[GetDimensionsIndex])(tensorInfo, d, rank), "read tensor dimensions");
            Check(((delegate* unmanaged<nint, nint*, nuint, nint>)_table[GetSymbolicDimensionsIndex])(tensorInfo, s, rank), "read symbolic dimensions");
        }

        return (elementType, dimensions, [.. symbols.Select(p => p == 0 ? "" : Marshal.PtrToStringUTF8(p) ?? "")]);
    }

    public void ReleaseTypeInfo(nint typeInfo) => ((delegate* unmanaged<nint, void>)_table[ReleaseTypeInfoIndex])(typeInfo);

    public nint CreateCpuMemoryInfo()
    {
        nint info;
        // OrtArenaAllocator (1), OrtMemTypeDefault (0).
        Check(((delegate* unmanaged<int, int, nint*, nint>)_table[CreateCpuMemoryInfoIndex])(1, 0, &info), "describe CPU memory");
        return info;
    }

    /// <summary>A tensor over memory the caller keeps pinned and alive for the value's lifetime.</summary>
    public nint CreateTensor(OrtHandle memoryInfo, void* data, long bytes, ReadOnlySpan<long> shape, int elementType)
    {
        nint value;
        fixed (long* dims = shape)
        {
            Check(((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)_table[CreateTensorWithDataAsOrtValueIndex])(
                memoryInfo.Pointer, data, (nuint)bytes, dims, (nuint)shape.Length, elementType, &value), "wrap a tensor");
        }

        return value;
    }

    /// <summary>A text tensor that ORT allocates and fills with copies of <paramref name="items"/> as UTF-8.</summary>
    public nint CreateTextTensor(ReadOnlySpan<long> shape, string[] items)
    {
        nint allocator, value;
        Check(((delegate* unmanaged<nint*, nint>)_table[GetAllocatorWithDefaultOptionsIndex])(&allocator), "get its default allocator");
        fixed (long* dims = shape)
        {
            Check(((delegate* unmanaged<nint, long*, nuint, int, nint*, nint>)_table[CreateTensorAsOrtValueIndex])(
                allocator, dims, (nuint)shape.Length, 8, &value), "create a text tensor");
        }

        nint[] utf8 = [.. items.Select(Marshal.StringToCoTaskMemUTF8)];
        try
        {
            fixed (nint* strings = utf8)
            {
                Check(((delegate* unmanaged<nint, nint*, nuint, nint>)_table[FillStringTensorIndex])(value, strings, (nuint)utf8.Length), "fill a text tensor");
            }
        }
        catch
        {
            ReleaseValue(value);
            throw;
        }
        finally
        {
            Array.ForEach(utf8, Marshal.FreeCoTaskMem);
        }

        return value;
    }

    /// <summary>The <paramref name="count"/> strings of a text tensor.</summary>
    public string[] TextData(nint value, long count)
    {
        nuint length;
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[GetStringTensorDataLengthIndex])(value, &length), "measure a text tensor");
        byte[] bytes = new byte[length];
        nuint[] offsets = new nuint[count];
        fixed (byte* data = bytes)
        fixed (nuint* starts = offsets)
        {
            Check(((delegate* unmanaged<nint, void*, nuint, nuint*, nuint, nint>)_table[GetStringTensorContentIndex])(value, data, length, starts, (nuint)count), "read a text tensor");
        }

        string[] items = new string[count];
        for (int i = 0; i < items.Length; i++)
        {
            nuint end = i + 1 < offsets.Length ? offsets[i + 1] : length;
            items[i] = System.Text.Encoding.UTF8.GetString(bytes, (int)offsets[i], (int)(end - offsets[i]));
        }

        return items;
    }

    public void* TensorData(nint value)
    {
        void* data;
        Check(((delegate* unmanaged<nint, void**, nint>)_table[GetTensorMutableDataIndex])(value, &data), "read a tensor's data");
        return data;
    }

    /// <summary>The element type and shape of a tensor value.</summary>
    public (int ElementType, long[] Dimensions) ValueType(nint value)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nint*, nint>)_table[GetTensorTypeAndShapeIndex])(value, &info), "read a result's shape");
        try
        {
            var (type, dimensions, _) = TensorType(info);
            return (type, dimensions);
        }
        finally
        {
            ((delegate* unmanaged<nint, void>)_table[ReleaseTensorTypeAndShapeInfoIndex])(info);
        }
    }

    /// <summary>Runs the session; a non-zero entry of <paramref name="outputs"/> is a preallocated result, a zero one is
    /// filled with a value ORT allocates and the caller releases.</summary>
    public void Run(OrtHandle session, nint* inputNames, nint* inputs, int inputCount, nint* outputNames, nint* outputs, int outputCount)
        => Check(((delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)_table[RunIndex])(
            session.Pointer, 0, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs), "run the model");

    public void ReleaseSession(nint handle) => Release(ReleaseSessionIndex, handle);

    public void ReleaseSessionOptions(nint handle) => Release(ReleaseSessionOptionsIndex, handle);

    public void ReleaseMemoryInfo(nint handle) => Release(ReleaseMemoryInfoIndex, handle);

    public void ReleaseValue(nint handle) => Release(ReleaseValueIndex, handle);

    private void Release(int index, nint handle) => ((delegate* unmanaged<nint, void>)_table[index])(handle);

    private int Count(OrtHandle session, int index)
    {
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[index])(session.Pointer, &count), "count the model's inputs or outputs");
        return (int)count;
    }

    private string Name(OrtHandle session, int position, int index)
    {
        nint allocator, name;
        Check(((delegate* unmanaged<nint*, nint>)_table[GetAllocatorWithDefaultOptionsIndex])(&allocator), "get its default allocator");
        Check(((delegate* unmanaged<nint, nuint, nint, nint*, nint>)_table[index])(session.Pointer, (nuint)position, allocator, &name), "read a value name");
        try
        {
            return Marshal.PtrToStringUTF8(name) ?? "";
        }
        finally
        {
            Check(((delegate* unmanaged<nint, nint, nint>)_table[AllocatorFreeIndex])(allocator, name), "free a value name");
        }
    }

    private nint TypeInfo(OrtHandle session, int position, int index)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)_table[index])(session.Pointer, (nuint)position, &info), "read a value type");
        return info;
    }
}
