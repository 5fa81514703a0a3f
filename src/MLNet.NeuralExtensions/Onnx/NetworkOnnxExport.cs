using System.Diagnostics.CodeAnalysis;
using Microsoft.ML.Model.OnnxConverter;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>
/// Writes a network, in scoring form, into the graph ML.NET's ONNX converter builds for a whole pipeline
/// (<c>ml.Model.ConvertToOnnx</c>), at the opset the converter was asked for, from the feature column as the converter
/// names it to a [N × output size] value the model parameters hand to their score columns.
/// </summary>
internal static class NetworkOnnxExport
{
    /// <summary>Appends <paramref name="network"/> to the converter's graph and returns the name of its float [N × output
    /// size] output.</summary>
    /// <param name="ctx">The converter's context.</param>
    /// <param name="network">A built network.</param>
    /// <param name="features">The float [N × input size] value of the feature column (<c>ctx.GetVariableName</c>), each
    /// row an example of the network's input shape laid out flat.</param>
    /// <param name="sequenceLengths">For padded sequences, the int32 value of each row's number of valid steps ([N], or
    /// [N × 1] as the converter declares a scalar column); then the steps axis is left open, so any number of steps per
    /// row is read. Default null: no lengths.</param>
    /// <exception cref="InvalidOperationException">The network is not built, or lengths are given and it cannot take
    /// them (<see cref="Sequential.TakesSequenceLengths"/>).</exception>
    /// <exception cref="NotSupportedException">A layer has no ONNX form at the converter's opset; the message names the
    /// layer, the opset and what it needs. Nothing is added to the graph then.</exception>
    public static string Emit(OnnxContext ctx, Sequential network, string features, string? sequenceLengths = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(network);
        int opset = Opset(ctx);
        ThrowIfCannotEmit(network, opset, sequenceLengths is not null);

        var graph = new OnnxContextBuilder(ctx, opset);
        string input = features;
        if (network.InputShape.Rank > 1)
        {
            long[] shape = [0, .. network.InputShape.Dimensions.Select(d => (long)d)];
            if (sequenceLengths is not null)
            {
                shape[1] = -1;
            }

            input = graph.Add("Reshape", [features, graph.AddInt64s("example_shape", shape)], "examples");
        }

        string? lengths = sequenceLengths is null ? null : graph.Add("Reshape", [sequenceLengths, graph.AddInt64s("lengths_shape", -1)], "sequence_lengths");
        string output = network.AppendOnnx(graph, input, lengths);
        return network.OutputShape.Rank == 1 ? output
            : graph.Add("Reshape", [output, graph.AddInt64s("output_shape", 0, network.OutputShape.Size)], "network_output");
    }

    /// <summary>Appends a network over sequences of varying length (<see cref="Sequential.TakesSequenceLengths"/>) to the
    /// converter's graph, reading the float [N × steps·values per step] variable <paramref name="features"/> and taking
    /// every row's length from the width of the batch: the rows of one batch are one length, as when ML.NET's
    /// <c>ApplyOnnxModel</c> scores a varying-size column row by row. Returns the name of the [N × output size] output.</summary>
    /// <exception cref="InvalidOperationException">The network cannot take sequence lengths.</exception>
    /// <exception cref="NotSupportedException">A layer has no ONNX form at the converter's opset.</exception>
    public static string EmitSequences(OnnxContext ctx, Sequential network, string features)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(network);
        network.RequireSequenceLengthsTaken();
        ThrowIfCannotEmit(network, Opset(ctx), withSequenceLengths: true);
        var graph = new OnnxContextBuilder(ctx, Opset(ctx));
        string shape = graph.Add("Shape", [features], "features_shape");
        string width = graph.Add("Gather", [shape, graph.AddInt64s("width_axis", 1)], "features_width");
        string steps = graph.Add("Div", [width, graph.AddInt64s("values_per_step", network.InputShape.Size / network.InputShape[0])], "steps");
        string rows = graph.Add("Gather", [shape, graph.AddInt64s("batch_axis", 0)], "rows");
        string perRow = graph.Add("Expand", [steps, rows], "steps_per_row");
        string lengths = graph.Add("Cast", [perRow], "sequence_lengths", OnnxAttribute.Int("to", 6));
        return Emit(ctx, network, features, lengths);
    }

    /// <summary>The graph's name for feature column <paramref name="column"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is not in the graph: a transform before the network had no
    /// ONNX form (ML.NET's converter leaves such a transform out with a warning in the MLContext's log).</exception>
    public static string FeatureVariable(OnnxContext ctx, string column) => ctx.ContainsColumn(column)
        ? ctx.GetVariableName(column)
        : throw new InvalidOperationException($"The network's feature column '{column}' is not in the ONNX graph: a transform that makes it could not be exported to ONNX (ML.NET's converter names it in a warning in the MLContext's log). Export a pipeline whose transforms all have an ONNX form.");

    /// <summary>Whether <see cref="Emit"/> can write <paramref name="network"/> at default-domain opset
    /// <paramref name="opset"/> (for a context, <see cref="Opset"/>), with the reason when it cannot (the layer, the
    /// opset, what it needs), for <c>ICanSaveOnnx.CanSaveOnnx</c>:
    /// <c>NetworkOnnxExport.CanEmit(Network, NetworkOnnxExport.Opset(ctx), false, out _)</c>. ML.NET's converter meets
    /// a false from CanSaveOnnx only with a warning on its channel and a general error at the end, whereas
    /// <see cref="Emit"/> throws this reason, so a CanSaveOnnx that answers true leaves the user the clearer message,
    /// as ML.NET's own components do with <see cref="OnnxContext.CheckOpSetVersion"/>.</summary>
    /// <param name="network">A built network.</param>
    /// <param name="opset">The default-domain opset.</param>
    /// <param name="withSequenceLengths">Whether the network would be given sequence lengths.</param>
    /// <param name="reason">Why it cannot; null when it can.</param>
    /// <exception cref="InvalidOperationException">The network is not built, or lengths are asked for and it cannot take them.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside 9 to 17.</exception>
    public static bool CanEmit(Sequential network, int opset, bool withSequenceLengths, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(network);
        try
        {
            ThrowIfCannotEmit(network, opset, withSequenceLengths);
            reason = null;
            return true;
        }
        catch (NotSupportedException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    /// <summary>The default-domain opset <paramref name="ctx"/> writes. The context tells it only by refusing, in
    /// <see cref="OnnxContext.CheckOpSetVersion"/>, a minimum above it, so the minimums are tried upwards.</summary>
    /// <exception cref="NotSupportedException">The opset is above the latest the layers are written for (ML.NET's
    /// converter itself writes 9 to 12).</exception>
    /// <param name="ctx">The converter's context.</param>
    public static int Opset(OnnxContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        for (int opset = OnnxBuilder.MinimumOpset; opset <= OnnxBuilder.MaximumOpset; opset++)
        {
            try
            {
                ctx.CheckOpSetVersion(opset + 1, nameof(NetworkOnnxExport));
            }
            catch (ArgumentOutOfRangeException)
            {
                return opset;
            }
        }

        throw new NotSupportedException($"ML.NET's ONNX converter writes an opset above {OnnxBuilder.MaximumOpset}; networks are written for opsets {OnnxBuilder.MinimumOpset} to {OnnxBuilder.MaximumOpset}.");
    }

    // A dry run into a scratch graph of the same opset: the layers' own checks, before anything reaches the context.
    private static void ThrowIfCannotEmit(Sequential network, int opset, bool withSequenceLengths)
        => network.AppendOnnx(new OnnxGraph("check", opset), "features", withSequenceLengths ? "sequence_lengths" : null);
}
