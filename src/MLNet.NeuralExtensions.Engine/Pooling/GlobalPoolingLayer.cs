using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The shared machinery of <see cref="GlobalAveragePooling"/> and <see cref="GlobalMaxPooling"/>: a channels-first
/// example of [channels × spatial axes…] (any number of spatial axes) becomes one value per channel, [channels].
/// </summary>
public abstract class GlobalPoolingLayer : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private int[]? _argMax;

    private protected GlobalPoolingLayer(bool max) => IsMax = max;

    private protected bool IsMax { get; }

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
        => inputShape.Rank >= 2 ? new TensorShape(inputShape[0]) : throw ShapeError(inputShape, "[channels×spatial axes…] with at least one spatial axis");

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        Tensor y = Tensor.EnsureBatch(ref _output, input.Shape[0], OutputShape);
        int plane = InputShape.Size / InputShape[0];
        Span<float> pooled = y.Span;
        int[]? argMax = IsMax ? Scratch.Ensure(ref _argMax, pooled.Length) : null;
        for (int i = 0; i < pooled.Length; i++)
        {
            ReadOnlySpan<float> values = input.Span.Slice(i * plane, plane);
            if (argMax is null)
            {
                pooled[i] = TensorPrimitives.Sum(values) / plane;
            }
            else
            {
                argMax[i] = TensorPrimitives.IndexOfMax(values);
                pooled[i] = values[argMax[i]];
            }
        }

        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        if (!needInputGradient)
        {
            return null;
        }

        Tensor dx = Tensor.EnsureBatch(ref _inputGradient, outputGradient.Shape[0], InputShape);
        int plane = InputShape.Size / InputShape[0];
        ReadOnlySpan<float> dy = outputGradient.Span;
        for (int i = 0; i < dy.Length; i++)
        {
            Span<float> target = dx.Span.Slice(i * plane, plane);
            if (IsMax)
            {
                target.Clear();
                target[_argMax![i]] = dy[i];
            }
            else
            {
                target.Fill(dy[i] / plane);
            }
        }

        return dx;
    }

    // ONNX keeps the spatial axes at size 1; Flatten drops them.
    internal override string ExportOnnx(OnnxBuilder graph, string input)
    {
        string pooled = graph.Add(IsMax ? "GlobalMaxPool" : "GlobalAveragePool", [input], "global_pool");
        return graph.Add("Flatten", [pooled], "global_pool_flat", OnnxAttribute.Int("axis", 1));
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
    }
}
