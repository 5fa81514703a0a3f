using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>What a prediction transformer needs from its model: raw outputs for a block of feature rows, their ONNX form
/// and persistence (a component of its own in the model file, under its prediction transformer). The task-specific outputs (probabilities, labels) are the transformer's.</summary>
internal interface IScoringModel : ICanSaveModel
{
    /// <summary>The number of feature values per row.</summary>
    int InputSize { get; }

    /// <summary>The number of raw outputs per row.</summary>
    int OutputSize { get; }

    /// <summary>Raw outputs of <paramref name="rows"/> rows of features, row after row. Safe to call from several threads.</summary>
    float[] Score(ReadOnlySpan<float> features, int rows);

    /// <summary>Adds the nodes that turn the [batch × <see cref="InputSize"/>] float value <paramref name="features"/> into
    /// [batch × <see cref="OutputSize"/>] raw outputs and returns the output's name.</summary>
    string ExportOnnx(OnnxGraph graph, string features);
}
