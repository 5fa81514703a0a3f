using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// What an ensemble's work depends on in its task: which prediction transformers can be members, how a member's raw
/// outputs become probabilities (or predictions) and votes, how their weighted mean becomes the ensemble's raw outputs,
/// and how out-of-bag predictions are scored. Raw outputs are as the task's prediction transformer reads them: a logit
/// (binary), one logit per class (multiclass), the prediction (regression).
/// </summary>
internal abstract class EnsembleTask
{
    /// <summary>The smallest probability a combined classifier reports, so that its raw outputs stay finite.</summary>
    private protected const float ProbabilityFloor = 1e-7f;

    public static EnsembleTask Binary { get; } = new BinaryEnsembleTask();

    public static EnsembleTask Multiclass { get; } = new MulticlassEnsembleTask();

    public static EnsembleTask Regression { get; } = new RegressionEnsembleTask();

    /// <summary>The task's number in a model file.</summary>
    public abstract byte Code { get; }

    /// <summary>The task's name, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the rows have classes (stratified folds, votes).</summary>
    public abstract bool IsClassification { get; }

    /// <summary>The generic prediction transformer the task's members are.</summary>
    private protected abstract Type TransformerDefinition { get; }

    /// <summary>The task written as <paramref name="code"/>.</summary>
    public static EnsembleTask FromCode(byte code) => code switch
    {
        1 => Binary,
        2 => Multiclass,
        3 => Regression,
        _ => throw new FormatException($"Ensemble task {code} is not known."),
    };

    /// <summary>Whether <paramref name="transformer"/> is a prediction transformer of this task over a scoring model.</summary>
    public bool IsMember(ITransformer transformer) =>
        transformer is IScoringTransformer && transformer.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == TransformerDefinition;

    /// <summary>The label column, checked to suit the task.</summary>
    public abstract DataViewSchema.Column RequireLabel(DataViewSchema schema, string name);

    /// <summary>The training target of row <paramref name="row"/>: its class from 0 (classification) or its value.</summary>
    /// <exception cref="InvalidDataException">The label is missing or out of range.</exception>
    public abstract double Target(DataViewSchema.Column label, double value, int row);

    /// <summary>Turns rows of raw outputs, in place, into probabilities (classification) or leaves the predictions.</summary>
    public abstract void ToProbabilities(Span<float> raw, int outputs);

    /// <summary>Turns rows of raw outputs, in place, into one vote (1) for the predicted class and 0 elsewhere.</summary>
    public abstract void ToVotes(Span<float> raw, int outputs);

    /// <summary>Turns rows of averaged probabilities (or predictions), in place, into the ensemble's raw outputs.</summary>
    public abstract void FromAverage(Span<float> averaged, int outputs);

    /// <summary>The ONNX form of <see cref="ToProbabilities"/>.</summary>
    public abstract string ExportProbabilities(OnnxGraph graph, string raw);

    /// <summary>The ONNX form of <see cref="ToVotes"/>.</summary>
    public abstract string ExportVotes(OnnxGraph graph, string raw, int outputs);

    /// <summary>The ONNX form of <see cref="FromAverage"/>.</summary>
    public abstract string ExportFromAverage(OnnxGraph graph, string averaged);

    /// <summary>Scikit-learn's score of averaged probabilities (or predictions) against the targets: accuracy for
    /// classification, R² for regression.</summary>
    public abstract double Score(ReadOnlySpan<float> averaged, int outputs, ReadOnlySpan<double> targets);

    /// <summary>The task's prediction transformer over an ensemble reading <paramref name="features"/>.</summary>
    public abstract ITransformer MakeTransformer(EnsembleModelParameters model, string features, DataViewSchema.Column label);

    /// <summary>The default stacking meta-learner: the task's linear model (an Mlp without hidden layers).</summary>
    public abstract IEstimator<ITransformer> LinearModel(MLContext context, EnsembleOptions options, int seed);

    /// <summary>The options of <see cref="LinearModel"/>: no hidden layer, 100 epochs of Adam at 0.01, reading the ensemble's columns.</summary>
    private protected static MlpOptions LinearOptions(EnsembleOptions options, int seed) => new()
    {
        HiddenLayers = [],
        Epochs = 100,
        LearningRate = 0.01f,
        LabelColumnName = options.LabelColumnName,
        FeatureColumnName = options.FeatureColumnName,
        Seed = seed,
    };

    /// <summary>An error naming the row whose label cannot be trained on.</summary>
    private protected static InvalidDataException BadLabel(DataViewSchema.Column label, int row, string what) =>
        new($"Label column '{label.Name}', row {row}: {what}. Every training row of an ensemble needs a label.");
}
