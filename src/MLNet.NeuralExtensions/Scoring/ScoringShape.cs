using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Scoring;

/// <summary>The sizes a scored network takes and gives, and the checks of the caller's buffers against them.</summary>
internal sealed class ScoringShape
{
    private readonly TensorShape _input;
    private readonly TensorShape _output;

    public ScoringShape(Sequential network, bool withSequenceLengths)
    {
        _input = network.InputShape;
        _output = network.OutputShape;
        InputSize = _input.Size;
        OutputSize = _output.Size;
        WithSequenceLengths = withSequenceLengths;
        Steps = withSequenceLengths ? _input[0] : 0;
    }

    /// <summary>The values of one example.</summary>
    public int InputSize { get; }

    /// <summary>The values one example gives.</summary>
    public int OutputSize { get; }

    /// <summary>Whether examples are padded sequences scored with their lengths.</summary>
    public bool WithSequenceLengths { get; }

    /// <summary>The steps a padded sequence holds; 0 without sequence lengths.</summary>
    public int Steps { get; }

    /// <summary>Throws unless the buffers hold <paramref name="rows"/> examples and their outputs.</summary>
    /// <exception cref="ArgumentException">A length is wrong; the message gives both.</exception>
    public void Check(ReadOnlySpan<float> features, int rows, Span<float> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (features.Length != (long)rows * InputSize)
        {
            throw new ArgumentException($"{rows} examples of the network's input shape {_input} need {(long)rows * InputSize} values; got {features.Length}.", nameof(features));
        }

        if (outputs.Length != (long)rows * OutputSize)
        {
            throw new ArgumentException($"{rows} examples of the network's output shape {_output} need {(long)rows * OutputSize} values; the destination has {outputs.Length}.", nameof(outputs));
        }
    }

    /// <summary>Throws unless sequence lengths are taken and <paramref name="length"/> is one of them, for the example
    /// at <paramref name="row"/>.</summary>
    /// <exception cref="InvalidOperationException">The scoring was made without sequence lengths.</exception>
    /// <exception cref="ArgumentException">The length is outside 1 to <see cref="Steps"/>.</exception>
    public void CheckLength(int length, int row)
    {
        if (!WithSequenceLengths)
        {
            throw new InvalidOperationException("This network's scoring was made without sequence lengths; make it with withSequenceLengths: true.");
        }

        if (length < 1 || length > Steps)
        {
            throw new ArgumentException($"Example {row} has a sequence length of {length}; the network takes 1 to {Steps} steps.", nameof(length));
        }
    }

    /// <summary>The ONNX shape of <paramref name="rows"/> examples.</summary>
    public long[] InputDimensions(int rows) => WithBatch(rows, _input);

    /// <summary>The ONNX shape of the outputs of <paramref name="rows"/> examples.</summary>
    public long[] OutputDimensions(int rows) => WithBatch(rows, _output);

    private static long[] WithBatch(int rows, TensorShape example)
    {
        var dimensions = new long[example.Rank + 1];
        dimensions[0] = rows;
        for (int i = 0; i < example.Rank; i++)
        {
            dimensions[i + 1] = example[i];
        }

        return dimensions;
    }
}
