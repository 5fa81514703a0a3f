using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a network for regression, as an ML.NET trainer returning ML.NET's
/// <see cref="RegressionPredictionTransformer{TModel}"/>: one linear output, with mean squared error by default, learning
/// the standardized label (<see cref="NeuralNetworkOptions.StandardizeLabel"/>). The label is Single or Double. Made by
/// <c>mlContext.Regression.Trainers</c>'s <c>Mlp</c>, <c>Cnn</c> and <c>Lstm</c>.
/// </summary>
public sealed class NeuralNetworkRegressionTrainer : NeuralNetworkTrainerBase<RegressionPredictionTransformer<NeuralNetworkRegressionModelParameters>, NeuralNetworkRegressionModelParameters>
{
    internal NeuralNetworkRegressionTrainer(IHostEnvironment env, NeuralNetworkOptions options)
        : base(env, options, TrainerUtils.MakeR4ScalarColumn)
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.Regression;

    private protected override string LabelDescription => "Single or Double";

    private protected override Loss DefaultLoss => new MeanSquaredError();

    private protected override bool IsClassification => false;

    private protected override bool AcceptsLabel(SchemaShape.Column label) =>
        label.Kind == SchemaShape.Column.VectorKind.Scalar && !label.IsKey
        && (label.ItemType.Equals(NumberDataViewType.Single) || label.ItemType.Equals(NumberDataViewType.Double));

    private protected override int OutputCount(DataViewSchema.Column label) => 1;

    private protected override void CheckLoss(Loss loss)
    {
        if (loss is not (MeanSquaredError or MeanAbsoluteError or HuberLoss))
        {
            throw new ArgumentException($"Regression trains with MeanSquaredError, MeanAbsoluteError or HuberLoss, which suit a linear output; got {loss.Name} (Options.Loss).", nameof(loss));
        }
    }

    private protected override int WriteTarget(DataViewSchema.Column label, double value, int row, Span<float> target)
    {
        if (!double.IsFinite(value))
        {
            throw BadLabel(label, row, $"the label is {value}");
        }

        target[0] = (float)value;
        return 0;
    }

    private protected override NeuralNetworkRegressionModelParameters CreateModel(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring, bool sequences, (float Offset, float Scale) labelScaling)
        => new(env, network, history, scoring, sequences, labelScaling.Offset, labelScaling.Scale);

    private protected override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
    [
        new(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
    ];

    /// <inheritdoc/>
    protected override RegressionPredictionTransformer<NeuralNetworkRegressionModelParameters> MakeTransformer(NeuralNetworkRegressionModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
