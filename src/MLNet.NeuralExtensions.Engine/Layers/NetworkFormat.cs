using System.Runtime.InteropServices;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>The binary form of a <see cref="Sequential"/>, as checkpoints and model files hold it: a format version, the
/// input shape, then per layer its registered type name, its configuration and its parameters (trainable flag, length,
/// values).</summary>
internal static class NetworkFormat
{
    private const int Version = 1;

    /// <summary>Writes the architecture and the weights of <paramref name="network"/> (built).</summary>
    /// <exception cref="InvalidOperationException">The network is not built.</exception>
    public static void Save(this Sequential network, BinaryWriter writer)
    {
        network.RequireBuilt();
        writer.Write(Version);
        LayerConfig.WriteShape(writer, network.InputShape);
        writer.Write(network.Layers.Count);
        foreach (Layer layer in network.Layers)
        {
            writer.Write(layer.TypeName);
            layer.WriteConfig(writer);
            writer.Write(layer.Parameters.Count);
            foreach (Parameter p in layer.Parameters)
            {
                writer.Write(p.IsTrainable);
                writer.Write(p.Value.Length);
                writer.Write(MemoryMarshal.AsBytes(p.Value.Span));
            }
        }
    }

    /// <summary>Reads a network written by <see cref="Save"/>, built and holding the written weights.</summary>
    /// <exception cref="FormatException">The data is not a network this version can read; the message says what is wrong.</exception>
    public static Sequential Load(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        if (version != Version)
        {
            throw new FormatException($"Network format version {version} is not supported (this reader reads version {Version}).");
        }

        TensorShape inputShape = LayerConfig.ReadShape(reader);
        int count = reader.ReadInt32();
        if (count is < 1 or > 10_000)
        {
            throw new FormatException($"A network of {count} layers is not valid.");
        }

        var layers = new Layer[count];
        var weights = new List<(bool Trainable, float[] Values)>[count];
        for (int i = 0; i < count; i++)
        {
            layers[i] = LayerRegistry.Read(reader.ReadString(), reader);
            weights[i] = ReadParameters(reader, i);
        }

        var network = new Sequential(layers);
        network.Build(inputShape, seed: 0);
        for (int i = 0; i < count; i++)
        {
            Assign(layers[i], i, weights[i]);
        }

        return network;
    }

    private static List<(bool Trainable, float[] Values)> ReadParameters(BinaryReader reader, int layer)
    {
        int parameters = reader.ReadInt32();
        var read = new List<(bool, float[])>(Math.Clamp(parameters, 0, 64));
        for (int p = 0; p < parameters; p++)
        {
            bool trainable = reader.ReadBoolean();
            int length = reader.ReadInt32();
            if (length is < 0 or > 1 << 28)
            {
                throw new FormatException($"Layer {layer} declares a parameter of {length} values.");
            }

            var values = new float[length];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            read.Add((trainable, values));
        }

        return read;
    }

    private static void Assign(Layer layer, int index, List<(bool Trainable, float[] Values)> weights)
    {
        IReadOnlyList<Parameter> parameters = layer.Parameters;
        if (parameters.Count != weights.Count)
        {
            throw new FormatException($"Layer {index} ({layer.TypeName}) has {parameters.Count} parameters; the file holds {weights.Count}.");
        }

        for (int p = 0; p < parameters.Count; p++)
        {
            var (trainable, values) = weights[p];
            if (values.Length != parameters[p].Value.Length)
            {
                throw new FormatException($"Layer {index} ({layer.TypeName}) parameter '{parameters[p].Name}' has {parameters[p].Value.Length} values; the file holds {values.Length}.");
            }

            values.CopyTo(parameters[p].Value.Span);
            parameters[p].IsTrainable = trainable;
        }
    }
}
