using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>What a prediction transformer needs from its model: raw outputs for a block of feature rows, their ONNX form
/// and persistence (a component of its own in the model file, under its prediction transformer). The task-specific outputs (probabilities, labels) are the transformer's.</summary>
internal interface IScoringModel : ICanSaveModel
{
    /// <summary>The number of feature values per row (for a model over sequences of varying length, of a row padded to
    /// <see cref="SequenceLayout"/>'s steps).</summary>
    int InputSize { get; }

    /// <summary>For a model whose feature column is a vector of varying size holding one sequence per row, the steps rows
    /// are padded to and the values of one step; null for a model of a known-size feature column.</summary>
    (int Steps, int FeaturesPerStep)? SequenceLayout => null;

    /// <summary>Raw outputs of <paramref name="rows"/> sequences padded to <see cref="SequenceLayout"/>'s steps, with
    /// their lengths in steps. Safe to call from several threads.</summary>
    /// <exception cref="NotSupportedException">The model has no <see cref="SequenceLayout"/>.</exception>
    float[] ScoreSequences(ReadOnlySpan<float> padded, int rows, ReadOnlySpan<int> lengths)
        => throw new NotSupportedException($"{GetType().Name} does not score sequences of varying length.");

    /// <summary>As <see cref="ExportOnnx"/>, for padded sequences whose lengths in steps are the int32 [batch] value
    /// <paramref name="lengths"/>.</summary>
    /// <exception cref="NotSupportedException">The model has no <see cref="SequenceLayout"/>.</exception>
    string ExportSequencesOnnx(OnnxGraph graph, string padded, string lengths)
        => throw new NotSupportedException($"{GetType().Name} does not score sequences of varying length.");

    /// <summary>The number of raw outputs per row.</summary>
    int OutputSize { get; }

    /// <summary>Raw outputs of <paramref name="rows"/> rows of features, row after row. Safe to call from several threads.</summary>
    float[] Score(ReadOnlySpan<float> features, int rows);

    /// <summary>Adds the nodes that turn the [batch × <see cref="InputSize"/>] float value <paramref name="features"/> into
    /// [batch × <see cref="OutputSize"/>] raw outputs and returns the output's name.</summary>
    string ExportOnnx(OnnxGraph graph, string features);
}
