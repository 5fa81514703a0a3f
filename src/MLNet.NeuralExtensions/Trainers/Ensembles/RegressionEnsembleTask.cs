using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Regression: members contribute their prediction; they do not vote.</summary>
internal sealed class RegressionEnsembleTask : EnsembleTask
{
    public override string Name => "regression";

    public override PredictionKind Kind => PredictionKind.Regression;

    public override Type TransformerDefinition => typeof(RegressionPredictionTransformer<>);

    public override string LabelDescription => "Single or Double";

    public override SchemaShape.Column LabelColumn(string name) => TrainerUtils.MakeR4ScalarColumn(name);

    public override bool AcceptsLabel(SchemaShape.Column label) =>
        label.Kind == SchemaShape.Column.VectorKind.Scalar && !label.IsKey
        && (label.ItemType.Equals(NumberDataViewType.Single) || label.ItemType.Equals(NumberDataViewType.Double));

    public override int ClassCount(DataViewSchema.Column label) => 0;

    public override double Target(DataViewSchema.Column label, double value, int row) =>
        double.IsFinite(value) ? value : throw BadLabel(label, row, $"the label is {value}");

    public override MemberOutput OutputFor(EnsembleCombination combination, object model, Func<float[]> trainingScores) => MemberOutput.Score;

    public override double OutOfBagScore(ReadOnlySpan<float> means, int width, ReadOnlySpan<double> targets)
    {
        double mean = 0;
        foreach (double t in targets)
        {
            mean += t;
        }

        mean /= targets.Length;
        double residual = 0, total = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            residual += (targets[i] - means[i]) * (targets[i] - means[i]);
            total += (targets[i] - mean) * (targets[i] - mean);
        }

        return total > 0 ? 1 - (residual / total) : residual == 0 ? 1 : 0;
    }

    public override string ClassName(DataViewSchema.Column label, int c) => throw new InvalidOperationException("Regression rows have no classes.");

    public override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
    [
        new(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
    ];
}
