using System.Runtime.InteropServices;

namespace MLNet.NeuralExtensions.Onnx.Runtime;

/// <summary>
/// Finds, loads and opens ONNX Runtime's native library once per process, and holds the process-wide ORT environment.
/// </summary>
/// <remarks>
/// The library is looked for, in order: at <see cref="PathVariable"/> (the file, or a folder holding it); next to the
/// application; in the application's <c>runtimes/&lt;rid&gt;/native</c> folder, where the Microsoft.ML.OnnxRuntime
/// package puts it; then by the operating system's own search (LD_LIBRARY_PATH, PATH).
/// </remarks>
internal static unsafe class OrtLibrary
{
    /// <summary>The environment variable naming the library file or its folder.</summary>
    public const string PathVariable = "MLNET_ONNXRUNTIME_PATH";

    private static readonly Lazy<Loaded> s_loaded = new(() => Open(System.Environment.GetEnvironmentVariable(PathVariable)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The C API.</summary>
    /// <exception cref="OnnxRuntimeException">The library is missing or too old; the message says how to get it.</exception>
    public static OrtApi Api => s_loaded.Value.Api;

    /// <summary>The process-wide ORT environment every session is created in; it lives as long as the process, so no
    /// session can outlive it.</summary>
    public static nint Environment => s_loaded.Value.Environment;

    /// <summary>The loaded library's version, e.g. "1.30.0".</summary>
    public static string Version => s_loaded.Value.Version;

    /// <summary>Where the library was loaded from.</summary>
    public static string Location => s_loaded.Value.Location;

    /// <summary>Whether the library can be loaded.</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                return s_loaded.Value is not null;
            }
            catch (OnnxRuntimeException)
            {
                return false;
            }
        }
    }

    private static string[] FileNames =>
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib"]
        : ["libonnxruntime.so", "libonnxruntime.so.1"];

    private static string RuntimeIdentifier =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-"
        + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    /// <summary>Loads the library, looking first at <paramref name="configuredPath"/> (a file or folder) when given.</summary>
    /// <exception cref="OnnxRuntimeException">No usable library was found; the message lists where it looked and how to
    /// get one.</exception>
    internal static Loaded Open(string? configuredPath)
    {
        var tried = new List<string>();
        nint library = 0;
        string location = "";
        foreach (string candidate in Candidates(configuredPath))
        {
            tried.Add(candidate);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out library))
            {
                location = candidate;
                break;
            }
        }

        if (library == 0 && NativeLibrary.TryLoad("onnxruntime", typeof(OrtLibrary).Assembly, null, out library))
        {
            location = "onnxruntime (found by the system's library search)";
        }

        if (library == 0)
        {
            throw new OnnxRuntimeException(
                $"ONNX Runtime's native library ({string.Join(" or ", FileNames)}, version 1.30 or later) was not found; looked at {string.Join(", ", tried)} and the system's library path. "
                + $"Run eng/fetch-onnxruntime.sh, which fetches onnxruntime-node@1.30.0 with npm and caches the library, and set {PathVariable} to the path it prints; "
                + "or put the library next to the application; or reference the Microsoft.ML.OnnxRuntime package.", null);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out nint getApiBase))
        {
            throw new OnnxRuntimeException($"{location} is not ONNX Runtime: it has no OrtGetApiBase function.", null);
        }

        nint* apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        string version = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)apiBase[1])()) ?? "?";
        nint table = ((delegate* unmanaged<uint, nint>)apiBase[0])(OrtApi.Version);
        if (table == 0)
        {
            throw new OnnxRuntimeException($"ONNX Runtime {version} at {location} is too old: it does not serve C API version {OrtApi.Version} (ORT 1.{OrtApi.Version}).", null);
        }

        var api = new OrtApi(table);
        return new Loaded(api, api.CreateEnv("MLNet.NeuralExtensions"), version, location);
    }

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (Directory.Exists(configured))
            {
                foreach (string name in FileNames)
                {
                    yield return Path.Combine(configured, name);
                }
            }
            else
            {
                yield return configured;
            }
        }

        foreach (string folder in (string[])[AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeIdentifier, "native")])
        {
            foreach (string name in FileNames)
            {
                yield return Path.Combine(folder, name);
            }
        }
    }

    internal sealed record Loaded(OrtApi Api, nint Environment, string Version, string Location);
}
