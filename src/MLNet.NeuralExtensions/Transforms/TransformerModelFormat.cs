using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>What every transform of this package writes and checks in ML.NET's model files: the version of its format
/// and the host a loaded transformer gets.</summary>
internal static class TransformerModelFormat
{
    /// <summary>The first version of every transformer's model format: 1.1.</summary>
    public const uint FirstVersion = 0x00010001;

    /// <summary>A transformer's model format, written by this assembly at <paramref name="written"/> (1.1 by default) and
    /// read back from 1.1 on.</summary>
    public static VersionInfo Version(string modelSignature, string loaderSignature, uint written = FirstVersion) => new(
        modelSignature: modelSignature,
        verWrittenCur: written,
        verReadableCur: written,
        verWeCanReadBack: FirstVersion,
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
