using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Gives each example a new shape with the same number of elements; one dimension may be −1 and is then inferred.
/// <see cref="Flatten"/> is the special case of one axis. ONNX: Reshape (or Flatten).
/// </summary>
public class Reshape : Layer
{
    private readonly int[] _target;
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>Creates a reshape to <paramref name="targetShape"/> (per example, without the batch dimension).</summary>
    /// <exception cref="ArgumentException">A dimension is 0 or below −1, or −1 appears more than once.</exception>
    public Reshape(params int[] targetShape)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Any(d => d == 0 || d < -1) || targetShape.Count(d => d == -1) > 1)
        {
            throw new ArgumentException($"A reshape target {TensorShape.Format(targetShape)} may hold positive sizes and at most one −1.", nameof(targetShape));
        }

        _target = (int[])targetShape.Clone();
    }

    /// <summary>The requested shape, −1 marking an inferred dimension.</summary>
    public IReadOnlyList<int> TargetShape => _target;

    internal override string TypeName => "Reshape";

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        int known = _target.Where(d => d > 0).Aggregate(1, (a, b) => a * b);
        int size = inputShape.Size;
        int[] resolved = (int[])_target.Clone();
        int inferred = Array.IndexOf(resolved, -1);
        if (inferred >= 0)
        {
            if (size % known != 0)
            {
                throw ShapeError(inputShape, $"a size divisible by {known} to reshape to {TensorShape.Format(_target)}");
            }

            resolved[inferred] = size / known;
        }
        else if (known != size)
        {
            throw ShapeError(inputShape, $"{known} elements to reshape to {TensorShape.Format(_target)}");
        }

        return new TensorShape(resolved);
    }

    // A reshape only relabels row-major storage, so both passes copy.
    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        Tensor y = Tensor.EnsureBatch(ref _output, input.Shape[0], OutputShape);
        input.Span.CopyTo(y.Span);
        return y;
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        if (!needInputGradient)
        {
            return null;
        }

        Tensor dx = Tensor.EnsureBatch(ref _inputGradient, outputGradient.Shape[0], InputShape);
        outputGradient.Span.CopyTo(dx.Span);
        return dx;
    }

    // The target is written as is, −1 included; the constructor checks it again on reading.
    // A target of 0 keeps the batch dimension, whatever its size.
    internal override string ExportOnnx(OnnxBuilder graph, string input)
        => graph.Add("Reshape", [input, graph.AddInt64s("shape", [0, .. OutputShape.Dimensions.Select(d => (long)d)])], "reshaped");

    internal override void WriteConfig(BinaryWriter writer)
    {
        writer.Write(_target.Length);
        foreach (int d in _target)
        {
            writer.Write(d);
        }
    }

    internal static Reshape ReadConfig(BinaryReader reader)
    {
        int rank = reader.ReadInt32();
        if (rank is < 1 or > 16)
        {
            throw new FormatException($"A reshape target of rank {rank} is not valid.");
        }

        var target = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            target[i] = reader.ReadInt32();
        }

        return new Reshape(target);
    }
}
