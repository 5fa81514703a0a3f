using Microsoft.ML.Model.OnnxConverter;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>Adds a trained network to the ONNX graph ML.NET's converter is building.</summary>
internal static class NetworkOnnxExport
{
    /// <summary>Reads the float [N × input size] variable <paramref name="features"/>, appends the network and returns
    /// the name of its float [N × output size] output.</summary>
    public static string Emit(OnnxContext ctx, Sequential network, string features, string? sequenceLengths = null)
    {
        _ = sequenceLengths;
        if (network.Layers is not [Dense dense] || dense.Activation != ActivationFunction.Linear)
        {
            throw new NotSupportedException("Only a single linear Dense layer exports for now.");
        }

        string kernel = ctx.AddInitializer(dense.Kernel.Value.Span.ToArray(), [dense.Kernel.Value.Shape[0], dense.Kernel.Value.Shape[1]], "kernel");
        string bias = ctx.AddInitializer(dense.Bias!.Value.Span.ToArray(), [dense.Bias.Value.Shape[0]], "bias");
        string output = ctx.AddIntermediateVariable(null, "network_output", true);
        ctx.CreateNode("Gemm", [features, kernel, bias], [output], ctx.GetNodeName("Gemm"), "");
        return output;
    }
}
