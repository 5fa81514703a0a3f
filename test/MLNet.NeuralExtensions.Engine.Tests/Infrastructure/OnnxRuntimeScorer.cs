using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

/// <summary>Scores a network exported by <see cref="Sequential.ConvertToOnnx"/> with ONNX Runtime, through its official
/// .NET binding (Microsoft.ML.OnnxRuntime): the float input "input", the int32 "sequence_lengths" when given, the
/// float output "output".</summary>
internal sealed class OnnxRuntimeScorer(byte[] model) : IDisposable
{
    private readonly InferenceSession _session = new(model);

    /// <summary>The input's shape as the model declares it, named axes by name: "[batch×sequence×3]".</summary>
    public string InputShape => ShapeText(_session.InputMetadata["input"]);

    /// <summary>The output's shape as the model declares it.</summary>
    public string OutputShape => ShapeText(_session.OutputMetadata["output"]);

    /// <summary>The outputs for <paramref name="rows"/> examples of <paramref name="example"/>'s shape, laid out one
    /// after another, with their valid steps when <paramref name="lengths"/> are given.</summary>
    public float[] Score(ReadOnlySpan<float> inputs, TensorShape example, int rows, int[]? lengths = null)
        => Run(inputs, [rows, .. example.Dimensions], lengths);

    /// <summary>The outputs for an input tensor of <paramref name="dimensions"/> (batch first).</summary>
    public float[] Run(ReadOnlySpan<float> inputs, int[] dimensions, int[]? lengths = null)
    {
        List<NamedOnnxValue> feeds = [NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(inputs.ToArray(), dimensions))];
        if (lengths is not null)
        {
            feeds.Add(NamedOnnxValue.CreateFromTensor(SequentialOnnx.SequenceLengthsInput, new DenseTensor<int>(lengths, [lengths.Length])));
        }

        using var results = _session.Run(feeds);
        return [.. results.Single(r => r.Name == "output").AsEnumerable<float>()];
    }

    public void Dispose() => _session.Dispose();

    private static string ShapeText(NodeMetadata metadata)
        => $"[{string.Join('×', metadata.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : metadata.SymbolicDimensions[i]))}]";
}
