namespace MLNet.NeuralExtensions.Engine;

/// <summary>Reads and writes the hyperparameter values that layers share: activations, regularization, shapes.</summary>
internal static class LayerConfig
{
    public static void WriteActivation(BinaryWriter writer, ActivationFunction activation)
    {
        writer.Write(activation.Name);
        writer.Write(activation.Argument);
    }

    public static ActivationFunction ReadActivation(BinaryReader reader) => ActivationFunction.FromName(reader.ReadString(), reader.ReadSingle());

    public static void WriteRegularization(BinaryWriter writer, Regularization? regularization)
    {
        writer.Write(regularization?.L1 ?? 0f);
        writer.Write(regularization?.L2 ?? 0f);
    }

    public static Regularization? ReadRegularization(BinaryReader reader)
    {
        float l1 = reader.ReadSingle();
        float l2 = reader.ReadSingle();
        return l1 == 0f && l2 == 0f ? null : new Regularization(l1, l2);
    }

    public static void WriteShape(BinaryWriter writer, TensorShape shape)
    {
        writer.Write(shape.Rank);
        foreach (int d in shape.Dimensions)
        {
            writer.Write(d);
        }
    }

    public static TensorShape ReadShape(BinaryReader reader)
    {
        int rank = reader.ReadInt32();
        if (rank is < 0 or > 16)
        {
            throw new FormatException($"A tensor rank of {rank} is not valid.");
        }

        var dimensions = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            dimensions[i] = reader.ReadInt32();
        }

        return new TensorShape(dimensions);
    }
}
