using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Evaluation;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Base of the neural trainers: reads the features, labels and weights, builds the network the options describe with
/// a linear output layer sized for the task, trains it with the engine's training loop, and wraps it in the task's
/// prediction transformer. The task (label rules, default loss, outputs) is the derived class's.
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer produced.</typeparam>
public abstract class NeuralNetworkTrainerBase<TTransformer> : IEstimator<TTransformer>, ISeedableEstimator
    where TTransformer : class, ITransformer
{
    private readonly MLContext _context;

    private protected NeuralNetworkTrainerBase(MLContext context, NeuralNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        Options = options;
    }

    /// <summary>The options the trainer was made with.</summary>
    private protected NeuralNetworkOptions Options { get; }

    /// <summary>What the label column must be, for messages.</summary>
    private protected abstract string LabelDescription { get; }

    /// <summary>The task's loss when the options name none.</summary>
    private protected abstract Loss DefaultLoss { get; }

    /// <summary>Trains on <paramref name="input"/>.</summary>
    /// <param name="input">Training data with the feature, label and (optional) weight columns.</param>
    /// <returns>The prediction transformer over the trained network.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type; the message names it.</exception>
    /// <exception cref="InvalidDataException">A feature, label or weight is missing or not finite; the message names the row.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (features, label, weight) = RequireColumns(input.Schema);
        CheckTrainingLabel(label);
        int outputs = OutputCount(label);
        Loss loss = Options.Loss ?? DefaultLoss;
        CheckLoss(loss);
        PaddedSequences? sequences = IsVaryingSize(features) ? Options.ReadSequences(input, features) : null;
        float[] x = sequences?.Features ?? VectorRows.ReadFinite(input, features, "a network");
        int inputSize = sequences is null ? ((VectorDataViewType)features.Type).Size : sequences.RowSize;
        double[][] scalars = EvaluationColumns.ReadScalars(input, weight is { } w ? [label, w] : [label]);
        int rows = scalars[0].Length;
        if (rows == 0)
        {
            throw new InvalidDataException($"The training data has no rows; the {GetType().Name} needs at least one.");
        }

        int targetSize = loss.TargetSize(outputs);
        float[] targets = new float[rows * targetSize];
        int[]? classes = IsClassification ? new int[rows] : null;
        for (int r = 0; r < rows; r++)
        {
            int c = WriteTarget(label, scalars[0][r], r, targets.AsSpan(r * targetSize, targetSize));
            if (classes is not null)
            {
                classes[r] = c;
            }
        }

        float[]? weights = Weights(weight, scalars, classes, outputs);
        int seed = Options.Seed ?? _context.NextSeed();
        TensorShape shape = Options.InputShape(inputSize);
        Sequential network = Options.CreateTrainingNetwork(inputSize, outputs);
        network.Build(shape, seed);
        TrainingHistory history = NetworkTrainer.Fit(network, loss, Options.CreateOptimizer(), new TrainingData(shape, x, targets, targetSize, weights, sequences?.Lengths),
            Options.CreateTrainingOptions(seed),
            stratificationLabels: classes);
        return MakeTransformer(CreateModel(network, history, sequences is not null), label);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema =>
        {
            var (features, label, _) = RequireColumns(schema);
            bool sequences = IsVaryingSize(features);
            var placeholder = sequences ? new Sequential(new SimpleRnn(1), new Dense(OutputCount(label))) : new Sequential(new Dense(OutputCount(label)));
            placeholder.Build(sequences ? new TensorShape(1, 1) : new TensorShape(((VectorDataViewType)features.Type).Size), 0);
            return MakeTransformer(CreateModel(placeholder, new TrainingHistory([], -1, false, false), sequences), label).GetOutputSchema(schema);
        });
    }

    IEstimator<ITransformer> ISeedableEstimator.WithSeed(int seed) => Create(_context, (NeuralNetworkOptions)Options.WithSeed(seed));

    /// <summary>A trainer of the same task with <paramref name="options"/>.</summary>
    private protected abstract NeuralNetworkTrainerBase<TTransformer> Create(MLContext context, NeuralNetworkOptions options);

    /// <summary>Whether the task is a classification (its rows have classes for stratification and class weights).</summary>
    private protected abstract bool IsClassification { get; }

    /// <summary>Whether <paramref name="type"/> can be the label.</summary>
    private protected abstract bool AcceptsLabel(DataViewType type);

    /// <summary>Throws when the label's type, acceptable in a schema shape, cannot be trained on.</summary>
    private protected virtual void CheckTrainingLabel(DataViewSchema.Column label)
    {
    }

    /// <summary>The number of network outputs for <paramref name="label"/>.</summary>
    private protected abstract int OutputCount(DataViewSchema.Column label);

    /// <summary>Throws when <paramref name="loss"/> does not suit the task's outputs.</summary>
    private protected abstract void CheckLoss(Loss loss);

    /// <summary>Writes the training target of row <paramref name="row"/> from its label value (as
    /// <see cref="EvaluationColumns.ReadScalars"/> reads it) and returns its class (0 for regression).</summary>
    /// <exception cref="InvalidDataException">The label is missing or out of range.</exception>
    private protected abstract int WriteTarget(DataViewSchema.Column label, double value, int row, Span<float> target);

    /// <summary>Wraps a trained network in the task's prediction transformer.</summary>
    private protected abstract TTransformer MakeTransformer(NeuralNetworkModelParameters model, DataViewSchema.Column label);

    /// <summary>The error for a missing or invalid label.</summary>
    private protected static InvalidDataException BadLabel(DataViewSchema.Column label, int row, string what) =>
        new($"Label column '{label.Name}', row {row}: {what}. Every training row needs a label; filter such rows out (FilterRowsByMissingValues or FilterRowsByColumn) before the trainer.");

    private static bool IsVaryingSize(DataViewSchema.Column features) => features.Type is VectorDataViewType { IsKnownSize: false };

    private (DataViewSchema.Column Features, DataViewSchema.Column Label, DataViewSchema.Column? Weight) RequireColumns(DataViewSchema schema)
    {
        DataViewSchema.Column features = Options.AcceptsSequencesOfVaryingLength
            ? SchemaErrors.Require(schema, Options.FeatureColumnName, t => t is VectorDataViewType v && v.ItemType.Equals(NumberDataViewType.Single),
                "Vector<Single>, of a known size or of varying size (one sequence per row)", "feature")
            : EvaluationColumns.RequireFloatVector(schema, Options.FeatureColumnName, "feature");
        DataViewSchema.Column label = SchemaErrors.Require(schema, Options.LabelColumnName, AcceptsLabel, LabelDescription, "label");
        DataViewSchema.Column? weight = Options.ExampleWeightColumnName is { } w ? EvaluationColumns.RequireFloatScalar(schema, w, "example weight") : null;
        return (features, label, weight);
    }

    private NeuralNetworkModelParameters CreateModel(Sequential network, TrainingHistory history, bool sequences) =>
        new(network, history, Options.ScoringBackend, _context.ScorerOptions(GetType().Name, Options.GpuDeviceId, Options.FallbackToCpu), sequences);

    private float[]? Weights(DataViewSchema.Column? weight, double[][] scalars, int[]? classes, int outputs)
    {
        float[]? classWeights = Options.ClassWeights;
        if (classWeights is not null)
        {
            int classCount = outputs == 1 ? 2 : outputs;
            if (!IsClassification || classWeights.Length != classCount || classWeights.Any(c => !(c >= 0f) || !float.IsFinite(c)))
            {
                throw new ArgumentException(IsClassification
                    ? $"ClassWeights needs one finite weight ≥ 0 per class ({classCount}); got [{string.Join(", ", classWeights)}]."
                    : "ClassWeights applies to classification only.");
            }
        }

        if (weight is null && classWeights is null)
        {
            return null;
        }

        int rows = scalars[0].Length;
        float[] weights = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double w = weight is null ? 1 : scalars[1][r];
            if (!(w >= 0) || !double.IsFinite(w))
            {
                throw new InvalidDataException($"Weight column '{weight!.Value.Name}', row {r}: the weight is {w}; weights must be finite and ≥ 0.");
            }

            weights[r] = (float)w * (classWeights is null ? 1f : classWeights[classes![r]]);
        }

        return weights;
    }
}
