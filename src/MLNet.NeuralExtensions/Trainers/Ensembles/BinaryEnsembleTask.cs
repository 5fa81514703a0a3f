using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Binary classification: members contribute their probability of the positive class (calibrated by Platt
/// when they give none), their raw Score in stacking when they give no probability, or their vote.</summary>
internal sealed class BinaryEnsembleTask : EnsembleTask
{
    public override string Name => "binary classification";

    public override PredictionKind Kind => PredictionKind.BinaryClassification;

    public override Type TransformerDefinition => typeof(BinaryPredictionTransformer<>);

    public override string LabelDescription => "Boolean, Single, Double or a key of 2 values";

    public override SchemaShape.Column LabelColumn(string name) => TrainerUtils.MakeBoolScalarLabel(name);

    public override bool AcceptsLabel(SchemaShape.Column label) =>
        label.Kind == SchemaShape.Column.VectorKind.Scalar
        && (label.IsKey || label.ItemType is BooleanDataViewType || label.ItemType.Equals(NumberDataViewType.Single) || label.ItemType.Equals(NumberDataViewType.Double));

    public override int ClassCount(DataViewSchema.Column label) => label.Type is KeyDataViewType { Count: not 2 } key
        ? throw new ArgumentOutOfRangeException(nameof(label), $"Label column '{label.Name}' is a key of {key.Count} values; binary classification needs 2.")
        : 2;

    public override double Target(DataViewSchema.Column label, double value, int row) => label.Type is KeyDataViewType
        ? value switch { 0 => throw BadLabel(label, row, "the key is missing (0)"), _ => value == 2 ? 1 : 0 }
        : double.IsNaN(value) ? throw BadLabel(label, row, "the label is NaN") : value > 0 ? 1 : 0;

    public override bool NeedsCalibration(EnsembleCombination combination, object model) =>
        combination == EnsembleCombination.Average && model is not IValueMapperDist;

    public override MemberOutput OutputFor(EnsembleCombination combination, object model, Func<float[]> trainingScores) => combination switch
    {
        EnsembleCombination.MajorityVote => MemberOutput.Vote,
        _ => model is IValueMapperDist ? MemberOutput.Probability : MemberOutput.Score,
    };

    public override double OutOfBagScore(ReadOnlySpan<float> means, int width, ReadOnlySpan<double> targets)
    {
        float[] probabilities = means.ToArray();
        return Accuracy(targets, i => probabilities[i] > 0.5f ? 1 : 0);
    }

    public override string ClassName(DataViewSchema.Column label, int c) => c == 1 ? "positive" : "negative";

    public override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
    [
        new(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
        new(DefaultColumnNames.Probability, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation(true))),
        new(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
    ];
}
