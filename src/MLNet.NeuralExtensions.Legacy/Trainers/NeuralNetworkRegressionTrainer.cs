using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a network for regression: one linear output, with mean squared error by default. The label is Single or
/// Double. Made by <c>mlContext.Regression.Trainers</c>'s <c>Mlp</c>, <c>Cnn</c> and <c>Lstm</c>.
/// </summary>
public sealed class NeuralNetworkRegressionTrainer : NeuralNetworkTrainerBase<RegressionPredictionTransformer<NeuralNetworkModelParameters>>
{
    internal NeuralNetworkRegressionTrainer(MLContext context, NeuralNetworkOptions options)
        : base(context, options)
    {
    }

    private protected override NeuralNetworkTrainerBase<RegressionPredictionTransformer<NeuralNetworkModelParameters>> Create(MLContext context, NeuralNetworkOptions options) => new NeuralNetworkRegressionTrainer(context, options);

    private protected override string LabelDescription => "Single or Double";

    private protected override Loss DefaultLoss => new MeanSquaredError();

    private protected override bool IsClassification => false;

    private protected override bool AcceptsLabel(DataViewType type) => type.Equals(NumberDataViewType.Single) || type.Equals(NumberDataViewType.Double);

    private protected override int OutputCount(DataViewSchema.Column label) => 1;

    private protected override void CheckLoss(Loss loss)
    {
        if (loss is not (MeanSquaredError or MeanAbsoluteError or HuberLoss))
        {
            throw new ArgumentException($"Regression trains with MeanSquaredError, MeanAbsoluteError or HuberLoss, which suit a linear output; got {loss.Name}.", nameof(loss));
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

    private protected override RegressionPredictionTransformer<NeuralNetworkModelParameters> MakeTransformer(NeuralNetworkModelParameters model, DataViewSchema.Column label) =>
        new(model, Options.FeatureColumnName);
}
