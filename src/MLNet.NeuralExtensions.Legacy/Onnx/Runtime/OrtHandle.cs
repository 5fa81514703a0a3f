using Microsoft.Win32.SafeHandles;

namespace MLNet.NeuralExtensions.Onnx.Runtime;

/// <summary>Owns one native ONNX Runtime object (session, session options, value, memory info) and releases it with
/// the matching Release function exactly once, when disposed or finalized.</summary>
internal sealed class OrtHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly Action<nint> _release;

    public OrtHandle(nint pointer, Action<nint> release)
        : base(ownsHandle: true)
    {
        SetHandle(pointer);
        _release = release;
    }

    /// <summary>The native pointer.</summary>
    /// <exception cref="ObjectDisposedException">The object was released.</exception>
    public nint Pointer => IsClosed ? throw new ObjectDisposedException("An ONNX Runtime object used after it was released.") : handle;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}
