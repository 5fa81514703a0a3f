using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Base of the neural trainers, an ML.NET trainer: reads the features, labels and weights, builds the network the options
/// describe with a linear output layer sized for the task, trains it with the engine's training loop (progress in the
/// MLContext's log, stopped by the options' cancellation token or the MLContext's cancellation) and wraps it in the task's ML.NET prediction transformer. The task
/// (label rules, default loss, outputs) is the derived class's.
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer produced.</typeparam>
/// <typeparam name="TModel">The model parameters it holds.</typeparam>
public abstract class NeuralNetworkTrainerBase<TTransformer, TModel> : TrainerEstimatorBase<TTransformer, TModel>
    where TTransformer : ISingleFeaturePredictionTransformer<TModel>
    where TModel : NeuralNetworkModelParameters
{
    private readonly IHostEnvironment _environment;

    private protected NeuralNetworkTrainerBase(IHostEnvironment env, NeuralNetworkOptions options, Func<string, SchemaShape.Column> label)
        : base(Contracts.CheckRef(env, nameof(env)).Register(Validated(options).GetType().Name.Replace("Options", "", StringComparison.Ordinal)),
            FeatureColumnOf(options), label(options.LabelColumnName), WeightColumnOf(options))
    {
        _environment = env;
        Options = options;
    }

    /// <summary>Gets the options the trainer was made with.</summary>
    public NeuralNetworkOptions Options { get; }

    /// <inheritdoc/>
    public override TrainerInfo Info { get; } = new(normalization: true, caching: false, supportValid: true);

    /// <summary>Trains on <paramref name="trainData"/>, validating after every epoch on <paramref name="validationData"/>
    /// (for early stopping and the learning-rate plateau), instead of a held-out <see cref="NetworkTrainingOptions.ValidationFraction"/>.</summary>
    /// <param name="trainData">The training rows.</param>
    /// <param name="validationData">The validation rows, with the same columns.</param>
    /// <returns>The prediction transformer over the trained network.</returns>
    public TTransformer Fit(IDataView trainData, IDataView validationData) => TrainTransformer(trainData, validationData);

    /// <summary>What the label column must be, for messages.</summary>
    private protected abstract string LabelDescription { get; }

    /// <summary>The task's loss when the options name none.</summary>
    private protected abstract Loss DefaultLoss { get; }

    /// <summary>Whether the task is a classification (its rows have classes, for stratification and class weights).</summary>
    private protected abstract bool IsClassification { get; }

    /// <summary>Whether a label column of <paramref name="label"/>'s shape can be trained on.</summary>
    private protected abstract bool AcceptsLabel(SchemaShape.Column label);

    /// <summary>The number of network outputs for <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The label cannot be trained on; the message names it.</exception>
    private protected abstract int OutputCount(DataViewSchema.Column label);

    /// <summary>Throws when <paramref name="loss"/> does not suit the task's outputs.</summary>
    private protected abstract void CheckLoss(Loss loss);

    /// <summary>Writes the training target of row <paramref name="row"/> from its label value (as
    /// <see cref="ColumnReader.ReadScalars"/> reads it) and returns its class (0 for regression).</summary>
    /// <exception cref="InvalidDataException">The label is missing or out of range.</exception>
    private protected abstract int WriteTarget(DataViewSchema.Column label, double value, int row, Span<float> target);

    /// <summary>The task's model over a trained network; <paramref name="labelScaling"/> maps a regression output back.</summary>
    private protected abstract TModel CreateModel(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring, bool sequences, (float Offset, float Scale) labelScaling);

    /// <summary>The error for a missing or invalid label.</summary>
    private protected static InvalidDataException BadLabel(DataViewSchema.Column label, int row, string what) =>
        new($"Label column '{label.Name}', row {row}: {what}. Every training row needs a label; filter such rows out (FilterRowsByMissingValues or FilterRowsByColumn) before the trainer.");

    /// <inheritdoc/>
    protected override void CheckLabelCompatible(SchemaShape.Column labelCol)
    {
        if (!AcceptsLabel(labelCol))
        {
            throw Host.ExceptSchemaMismatch(nameof(labelCol), "label", labelCol.Name, LabelDescription, labelCol.GetTypeString());
        }
    }

    /// <inheritdoc/>
    protected override TModel TrainModelCore(TrainContext trainContext)
    {
        Host.CheckValue(trainContext, nameof(trainContext));
        using IChannel channel = Host.Start("Training");
        Loss loss = Options.Loss ?? DefaultLoss;
        CheckLoss(loss);
        RoleMappedData training = trainContext.TrainingSet;
        DataViewSchema.Column label = training.Schema.Label!.Value;
        int outputs = OutputCount(label);
        Examples train = Read(training, outputs, loss, "training", maximumSteps: Options.MaximumSteps);
        if (train.Data.Count == 0)
        {
            throw Host.Except($"The training data has no rows; the {Options.GetType().Name.Replace("Options", "", StringComparison.Ordinal)} trainer needs at least one.");
        }

        (float Offset, float Scale) scaling = (0f, 1f);
        if (!IsClassification && Options.StandardizeLabel)
        {
            scaling = LabelScaling(train.Data.Targets);
        }

        Examples? validation = trainContext.ValidationSet is { } v ? Read(v, outputs, loss, "validation", train.Steps) : null;
        TrainingData trainData = Scaled(train.Data, scaling);
        TrainingData? validationData = validation is null ? null : Scaled(validation.Data, scaling);

        int seed = Options.Seed ?? Host.Rand.Next();
        TensorShape shape = train.Steps is int steps ? new TensorShape(steps, Options.ValuesPerStep) : Options.InputShape(train.InputSize);
        Sequential network = Options.CreateTrainingNetwork(shape.Size, outputs);
        network.Build(shape, seed);
        channel.Info($"Training a network of {network.ParameterCount} weights on {trainData.Count} rows: {string.Join(", ", network.Layers.Select(l => l.ToString()))}.");
        TrainingHistory history = NetworkTrainer.Fit(network, loss, Options.CreateOptimizer(), trainData,
            Options.CreateTrainingOptions(seed, new TrainingMonitor(Host, channel, Options.Progress)), validationData,
            stratificationLabels: IsClassification ? train.Classes : null, Options.CancellationToken);
        if (validationData is null && Options.ValidationFraction > 0f && !history.StoppedOnNaN && history.Epochs.All(e => double.IsNaN(e.ValidationLoss)))
        {
            channel.Warning(string.Create(CultureInfo.InvariantCulture,
                $"ValidationFraction {Options.ValidationFraction} of {trainData.Count} rows holds out no row of any class; the network trained on every row, without validation, and early stopping and the learning-rate plateau watched the training loss."));
        }

        if (history.StoppedOnNaN)
        {
            channel.Warning("Training stopped because the loss became NaN or infinite; lower the learning rate or clip gradients (GradientClipNorm).");
        }

        return CreateModel(_environment, network, history, new ScoringSettings(Options.ScoringBackend, Options.GpuDeviceId, Options.FallbackToCpu),
            Options.ReadsSequencesOfVaryingLength, scaling);
    }

    /// <inheritdoc/>
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) =>
        OutputColumns(inputSchema.TryFindColumn(LabelColumn.Name, out SchemaShape.Column label) ? label : LabelColumn);

    /// <summary>The columns the task's prediction transformer adds, for a label column of <paramref name="label"/>'s shape.</summary>
    private protected abstract SchemaShape.Column[] OutputColumns(SchemaShape.Column label);

    private static NeuralNetworkOptions Validated(NeuralNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private static SchemaShape.Column FeatureColumnOf(NeuralNetworkOptions options) =>
        new(options.FeatureColumnName, options.ReadsSequencesOfVaryingLength ? SchemaShape.Column.VectorKind.VariableVector : SchemaShape.Column.VectorKind.Vector,
            NumberDataViewType.Single, false);

    private static SchemaShape.Column WeightColumnOf(NeuralNetworkOptions options) =>
        options.ExampleWeightColumnName is { } weight ? TrainerUtils.MakeR4ScalarWeightColumn(weight) : default;

    // The label's mean and standard deviation (1 when it is constant).
    private static (float Offset, float Scale) LabelScaling(ReadOnlySpan<float> targets)
    {
        double mean = 0, squares = 0;
        foreach (float t in targets)
        {
            mean += t;
        }

        mean /= targets.Length;
        foreach (float t in targets)
        {
            squares += (t - mean) * (t - mean);
        }

        double deviation = Math.Sqrt(squares / targets.Length);
        return ((float)mean, deviation > 0 ? (float)deviation : 1f);
    }

    private static TrainingData Scaled(TrainingData data, (float Offset, float Scale) scaling)
    {
        if (scaling == (0f, 1f))
        {
            return data;
        }

        float[] targets = (float[])data.Targets.Clone();
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = (targets[i] - scaling.Offset) / scaling.Scale;
        }

        return new TrainingData(data.FeatureShape, data.Features, targets, data.TargetSize, data.Weights, data.SequenceLengths);
    }

    private Examples Read(RoleMappedData data, int outputs, Loss loss, string which, int? maximumSteps)
    {
        DataViewSchema.Column features = data.Schema.Feature!.Value;
        DataViewSchema.Column label = data.Schema.Label!.Value;
        DataViewSchema.Column? weight = data.Schema.Weight;
        DataViewSchema.Column[] scalars = weight is { } w ? [label, w] : [label];
        float[] x;
        double[][] scalarValues;
        int inputSize;
        PaddedSequences? sequences = null;
        if (Options.ReadsSequencesOfVaryingLength)
        {
            sequences = PaddedSequences.Read(data.Data, features, Options.ValuesPerStep, maximumSteps);
            x = sequences.Features;
            inputSize = sequences.Steps * Options.ValuesPerStep;
            scalarValues = [.. scalars.Select(c => ColumnReader.ReadScalars(data.Data, c))];
        }
        else
        {
            // One pass for features, label and weight: a view that is not cached (a text file and its transforms) is
            // parsed and transformed once, not once per column.
            x = ColumnReader.ReadSingleVectors(data.Data, features, out _, $"the {which} data of a network", scalars, out scalarValues);
            inputSize = ((VectorDataViewType)features.Type).Size;
        }

        double[] labels = scalarValues[0];
        int rows = labels.Length;
        int targetSize = loss.TargetSize(outputs);
        float[] targets = new float[rows * targetSize];
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            classes[r] = WriteTarget(label, labels[r], r, targets.AsSpan(r * targetSize, targetSize));
        }

        float[]? weights = Weights(weight is { } column ? (column, scalarValues[1]) : null, classes, outputs, rows);
        var shape = sequences is null ? Options.InputShape(inputSize) : new TensorShape(sequences.Steps, Options.ValuesPerStep);
        return new Examples(new TrainingData(shape, x, targets, targetSize, weights, sequences?.Lengths), classes, inputSize, sequences?.Steps);
    }

    private float[]? Weights((DataViewSchema.Column Column, double[] Values)? weight, int[] classes, int outputs, int rows)
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

        float[] weights = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double w = weight is { } column ? column.Values[r] : 1;
            if (!(w >= 0) || !double.IsFinite(w))
            {
                throw new InvalidDataException($"Weight column '{weight!.Value.Column.Name}', row {r}: the weight is {w}; weights must be finite and ≥ 0.");
            }

            weights[r] = (float)w * (classWeights is null ? 1f : classWeights[classes[r]]);
        }

        return weights;
    }

    /// <summary>The examples of one data set, each row's class, and the feature size (of a padded sequence).</summary>
    private sealed record Examples(TrainingData Data, int[] Classes, int InputSize, int? Steps);
}
