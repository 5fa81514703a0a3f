using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>What every transform of this package writes and checks in ML.NET's model files: the version of its format
/// and the host a loaded transformer gets.</summary>
internal static class TransformerModelFormat
{
    /// <summary>Version 1.1 of a transformer's model format, written by this assembly.</summary>
    public static VersionInfo Version(string modelSignature, string loaderSignature) => new(
        modelSignature: modelSignature,
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: loaderSignature,
        loaderAssemblyName: typeof(TransformerModelFormat).Assembly.FullName);

    /// <summary>Checks that <paramref name="ctx"/> holds a model of <paramref name="version"/> and returns the host a
    /// loaded transformer gets (ML.NET's SignatureLoadModel factories do both).</summary>
    public static IHost LoadingHost(IHostEnvironment env, ModelLoadContext ctx, VersionInfo version)
    {
        Contracts.CheckValue(env, nameof(env));
        IHost host = env.Register(version.LoaderSignature);
        host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(version);
        return host;
    }
}
