using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>The fully connected end every trainer's network shares: hidden dense layers, each optionally batch-normalized
/// and followed by dropout, then the linear output layer.</summary>
internal static class DenseHead
{
    /// <summary>Appends the hidden layers and the output layer of <paramref name="outputs"/> linear units.</summary>
    public static void Append(List<Layer> layers, int[] hiddenLayers, ActivationFunction activation, float dropoutRate, bool batchNormalization, Regularization? regularization, int outputs)
    {
        foreach (int units in hiddenLayers)
        {
            if (batchNormalization)
            {
                layers.Add(new Dense(units, kernelRegularization: regularization));
                layers.Add(new BatchNormalization());
                layers.Add(new Activation(activation));
            }
            else
            {
                layers.Add(new Dense(units, activation, kernelRegularization: regularization));
            }

            if (dropoutRate > 0f)
            {
                layers.Add(new Dropout(dropoutRate));
            }
        }

        layers.Add(new Dense(outputs, kernelRegularization: regularization));
    }

    /// <summary>Throws on hidden layers without units, a missing activation or a dropout rate outside [0, 1).</summary>
    public static void Validate(int[] hiddenLayers, ActivationFunction activation, float dropoutRate)
    {
        ArgumentNullException.ThrowIfNull(hiddenLayers, "HiddenLayers");
        ArgumentNullException.ThrowIfNull(activation, "Activation");
        PositiveSizes(hiddenLayers, "HiddenLayers", "Every hidden layer needs at least one unit");
        if (!(dropoutRate is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, "DropoutRate must be in [0, 1).");
        }
    }

    /// <summary>Throws when a size in <paramref name="sizes"/> is less than 1.</summary>
    public static void PositiveSizes(int[] sizes, string name, string what)
    {
        if (sizes.Any(u => u < 1))
        {
            throw new ArgumentOutOfRangeException(name, $"{what}; got [{string.Join(", ", sizes)}].");
        }
    }
}
