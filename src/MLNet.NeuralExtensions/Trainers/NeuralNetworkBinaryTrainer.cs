using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a network for binary classification, as an ML.NET trainer returning ML.NET's
/// <see cref="BinaryPredictionTransformer{TModel}"/>: one linear output, the logit of the positive class, with binary
/// cross-entropy by default. The label is Boolean (true is positive, as ML.NET's binary trainers take it), Single or
/// Double (&gt; 0 is positive) or a key of two values (the second is positive). Made by
/// <c>mlContext.BinaryClassification.Trainers</c>'s <c>Mlp</c>, <c>Cnn</c> and <c>Lstm</c>.
/// </summary>
public sealed class NeuralNetworkBinaryTrainer : NeuralNetworkTrainerBase<BinaryPredictionTransformer<NeuralNetworkBinaryModelParameters>, NeuralNetworkBinaryModelParameters>
{
    internal NeuralNetworkBinaryTrainer(IHostEnvironment env, NeuralNetworkOptions options)
        : base(env, options, TrainerUtils.MakeBoolScalarLabel)
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    private protected override string LabelDescription => "Boolean, Single, Double or a key of 2 values";

    private protected override Loss DefaultLoss => new BinaryCrossEntropy(fromLogits: true);

    private protected override bool IsClassification => true;

    private protected override bool AcceptsLabel(SchemaShape.Column label) =>
        label.Kind == SchemaShape.Column.VectorKind.Scalar
        && (label.IsKey || label.ItemType is BooleanDataViewType || label.ItemType.Equals(NumberDataViewType.Single) || label.ItemType.Equals(NumberDataViewType.Double));

    private protected override int OutputCount(DataViewSchema.Column label)
    {
        if (label.Type is KeyDataViewType { Count: not 2 } key)
        {
            throw Host.ExceptSchemaMismatch(nameof(label), "label", label.Name, "a key of 2 values", $"a key of {key.Count} values");
        }

        return 1;
    }

    private protected override void CheckLoss(Loss loss)
    {
        if (loss is not (BinaryCrossEntropy { FromLogits: true } or BinaryFocalCrossEntropy { FromLogits: true }))
        {
            throw new ArgumentException($"Binary classification trains with BinaryCrossEntropy or BinaryFocalCrossEntropy from logits (fromLogits: true), since the network's output is a logit; got {loss.Name} (Options.Loss).", nameof(loss));
        }
    }

    private protected override int WriteTarget(DataViewSchema.Column label, double value, int row, Span<float> target)
    {
        bool positive = label.Type is KeyDataViewType
            ? value switch { 0 => throw BadLabel(label, row, "the key is missing (0)"), _ => value == 2 }
            : double.IsNaN(value) ? throw BadLabel(label, row, "the label is NaN") : value > 0;
        target[0] = positive ? 1f : 0f;
        return positive ? 1 : 0;
    }

    private protected override NeuralNetworkBinaryModelParameters CreateModel(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring, bool sequences, (float Offset, float Scale) labelScaling)
        => new(env, network, history, scoring, sequences);

    private protected override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
    [
        new(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
        new(DefaultColumnNames.Probability, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation(true))),
        new(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
    ];

    /// <inheritdoc/>
    protected override BinaryPredictionTransformer<NeuralNetworkBinaryModelParameters> MakeTransformer(NeuralNetworkBinaryModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
