using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>A <see cref="Sequential"/> as ONNX: the whole model <see cref="Sequential.ConvertToOnnx"/> writes, and the
/// layers appended to a graph someone else builds (ML.NET's converter, an ensemble's graph).</summary>
internal static class SequentialOnnx
{
    /// <summary>The name of the sequence-lengths input of a network exported with them.</summary>
    public const string SequenceLengthsInput = "sequence_lengths";

    /// <summary>The network as an ONNX model; see <see cref="Sequential.ConvertToOnnx"/>.</summary>
    public static ModelProto ToOnnxModel(this Sequential network, bool withSequenceLengths = false, int opSetVersion = OnnxGraph.DefaultOpset)
    {
        network.RequireBuilt();
        var graph = new OnnxGraph("network", opSetVersion);
        (bool stepsVary, bool outputIsSequence) = network.Steps();
        OnnxDimension[] Dimensions(TensorShape example, bool sequence)
            => [.. example.Dimensions.Select((d, i) => sequence && i == 0 ? new OnnxDimension(-1, "sequence") : (OnnxDimension)d).Prepend("batch")];
        string input = graph.AddInput("input", TensorProto.Types.DataType.Float, Dimensions(network.InputShape, stepsVary));
        string? lengths = withSequenceLengths ? graph.AddInput(SequenceLengthsInput, TensorProto.Types.DataType.Int32, "batch") : null;
        string output = network.AppendOnnx(graph, input, lengths);
        graph.AddOutput(output, "output", TensorProto.Types.DataType.Float, Dimensions(network.OutputShape, stepsVary && outputIsSequence));
        return graph.ToModel($"A network of {network.Layers.Count} layers: {string.Join(", ", network.Layers.Select(l => l.TypeName))}.");
    }

    /// <summary>Adds the layers to <paramref name="graph"/>, reading the batch named <paramref name="input"/> and, for
    /// padded sequences, the int32 lengths named <paramref name="sequenceLengths"/>, and returns the name of the output
    /// batch.</summary>
    /// <exception cref="InvalidOperationException">The network is not built, or lengths are given and the network does
    /// not take them.</exception>
    /// <exception cref="NotSupportedException">A layer has no ONNX form at the graph's opset; the message starts with
    /// the layer's position and type.</exception>
    public static string AppendOnnx(this Sequential network, OnnxBuilder graph, string input, string? sequenceLengths = null)
    {
        network.RequireBuilt();
        if (sequenceLengths is not null)
        {
            network.RequireSequenceLengthsTaken();
        }

        string x = input;
        graph.SequenceLengths = sequenceLengths;
        try
        {
            for (int i = 0; i < network.Layers.Count; i++)
            {
                Layer layer = network.Layers[i];
                try
                {
                    x = layer.ExportOnnx(graph, x);
                }
                catch (NotSupportedException ex)
                {
                    throw new NotSupportedException($"Layer {i} ({layer.TypeName}): {ex.Message}", ex);
                }
            }
        }
        finally
        {
            graph.SequenceLengths = null;
        }

        return x;
    }

    /// <summary>Whether no layer fixes the number of steps, and then whether the output still has a steps axis: layers
    /// that work step by step (embedding, dense, layer normalization, activation, dropout, noise, recurrent layers
    /// returning sequences) up to a recurrent layer that returns its last state, after which anything may follow.</summary>
    public static (bool StepsVary, bool OutputIsSequence) Steps(this Sequential network)
    {
        bool sawRecurrent = false;
        foreach (Layer layer in network.Layers)
        {
            RecurrentLayer? recurrent = layer as RecurrentLayer ?? (layer as Bidirectional)?.Forwards;
            if (recurrent is not null)
            {
                sawRecurrent = true;
                if (!recurrent.ReturnSequences)
                {
                    return (true, false);
                }
            }
            else if (layer is not (Embedding or Dense or LayerNormalization or Activation or Dropout or GaussianNoise))
            {
                return (false, false);
            }
        }

        return (sawRecurrent, sawRecurrent);
    }
}
