using System.Numerics.Tensors;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>The output an explanation differentiates — output <see cref="OutputIndex"/> of each example after
/// <see cref="Function"/> — and the gradient it seeds back-propagation with: the part <see cref="InputGradients"/> and
/// <see cref="ClassActivationMaps"/> share.</summary>
internal sealed class OutputGradientSeed
{
    private readonly float[] _probabilities;

    /// <summary>Checks that <paramref name="network"/> is built and has output <paramref name="outputIndex"/>.</summary>
    /// <exception cref="InvalidOperationException">The network is not built.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The output index is outside the network's outputs (the message
    /// gives the output shape), or the function is not one.</exception>
    public OutputGradientSeed(Sequential network, int outputIndex, OutputFunction function)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.RequireBuilt();
        if (outputIndex < 0 || outputIndex >= network.OutputShape.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(outputIndex), outputIndex, $"The network's output shape {network.OutputShape} has {network.OutputShape.Size} outputs per example.");
        }

        if (!Enum.IsDefined(function))
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, "Not an output function.");
        }

        OutputIndex = outputIndex;
        Function = function;
        _probabilities = new float[network.OutputShape.Size];
    }

    /// <summary>Gets the output differentiated, an index into an example's flattened outputs.</summary>
    public int OutputIndex { get; }

    /// <summary>Gets what is applied to the raw outputs before differentiation.</summary>
    public OutputFunction Function { get; }

    /// <summary>Writes, for each example of a batch of raw outputs (<paramref name="outputs"/>.Length examples of
    /// <paramref name="raw"/>.Length / that many values), the explained output into <paramref name="outputs"/> and its
    /// gradient with respect to the raw outputs into <paramref name="seeds"/>, laid out as <paramref name="raw"/>.</summary>
    public void Fill(ReadOnlySpan<float> raw, Span<float> seeds, Span<float> outputs)
    {
        int outputSize = _probabilities.Length;
        seeds.Clear();
        for (int r = 0; r < outputs.Length; r++)
        {
            outputs[r] = Seed(raw.Slice(r * outputSize, outputSize), seeds.Slice(r * outputSize, outputSize));
        }
    }

    /// <summary>Throws unless <paramref name="features"/> are <paramref name="rows"/> examples of
    /// <paramref name="network"/>'s input shape, all finite, and <paramref name="outputs"/> has one value per example.</summary>
    /// <exception cref="ArgumentException">A count is wrong, or a feature is NaN or infinite; the message names the
    /// example and position.</exception>
    public static void CheckBatch(Sequential network, ReadOnlySpan<float> features, int rows, ReadOnlySpan<float> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        network.CheckFeatureCount(features, rows);
        if (outputs.Length != rows)
        {
            throw new ArgumentException($"{rows} examples need {rows} output values; the destination has {outputs.Length}.", nameof(outputs));
        }

        if (float.IsFinite(TensorPrimitives.Sum(features)))
        {
            return;
        }

        int inputSize = network.InputShape.Size;
        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
            {
                throw new ArgumentException($"Example {i / inputSize}, input value {i % inputSize} is {features[i]}; gradients need finite inputs.", nameof(features));
            }
        }
    }

    // Writes d(output)/d(raw outputs) of one example into its zeroed seed and returns the output.
    private float Seed(ReadOnlySpan<float> raw, Span<float> seed)
    {
        int k = OutputIndex;
        switch (Function)
        {
            case OutputFunction.Sigmoid:
                float s = 1f / (1f + MathF.Exp(-raw[k]));
                seed[k] = s * (1f - s);
                return s;
            case OutputFunction.Softmax:
                // d p_k / d z_j = p_k (δ_kj − p_j)
                TensorPrimitives.SoftMax(raw, _probabilities);
                float p = _probabilities[k];
                TensorPrimitives.Multiply(_probabilities, -p, seed);
                seed[k] += p;
                return p;
            default:
                seed[k] = 1f;
                return raw[k];
        }
    }
}
