using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// The gradient of one output of a trained model (<see cref="NeuralNetworkModelParameters"/>) with respect to its
/// feature vector, as ML.NET's columns give that output: Score or Probability, on the label's scale for a regressor.
/// Made by <see cref="NeuralNetworkModelParameters.CreateInputGradients"/>.
/// </summary>
/// <remarks>Runs on the managed engine over a snapshot of the network's weights, one call at a time (make one per
/// thread); repeated calls with the same number of rows allocate nothing.</remarks>
public sealed class NetworkInputGradients
{
    private readonly InputGradients _gradients;
    private readonly float _scale;
    private readonly float _offset;

    internal NetworkInputGradients(InputGradients gradients, float scale, float offset)
    {
        _gradients = gradients;
        _scale = scale;
        _offset = offset;
    }

    /// <summary>Gets the number of features a row has.</summary>
    public int FeatureCount => _gradients.InputShape.Size;

    /// <summary>Computes, for each of <paramref name="rows"/> feature vectors laid out one after another, the explained
    /// output (into <paramref name="outputs"/>) and its gradient with respect to each feature (into
    /// <paramref name="gradients"/>, laid out as the features).</summary>
    /// <param name="features">rows × <see cref="FeatureCount"/> finite values.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="gradients">rows × <see cref="FeatureCount"/> values, written.</param>
    /// <param name="outputs">rows values, written.</param>
    /// <exception cref="ArgumentException">A count is wrong, or a feature is NaN or infinite; the message names the row
    /// and feature.</exception>
    public void Compute(ReadOnlySpan<float> features, int rows, Span<float> gradients, Span<float> outputs)
    {
        _gradients.Compute(features, rows, gradients, outputs);
        if (_scale != 1f || _offset != 0f)
        {
            TensorPrimitives.Multiply(gradients, _scale, gradients);
            TensorPrimitives.Multiply(outputs, _scale, outputs);
            TensorPrimitives.Add(outputs, _offset, outputs);
        }
    }
}
