using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Evaluation;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a network for binary classification: one linear output, the logit of the positive class, with binary
/// cross-entropy by default. The label is Boolean (true is positive), Single or Double (&gt; 0 is positive) or a key of
/// two categories (the second is positive). Made by <c>mlContext.BinaryClassification.Trainers</c>'s <c>Mlp</c>, <c>Cnn</c> and <c>Lstm</c>.
/// </summary>
public sealed class NeuralNetworkBinaryTrainer : NeuralNetworkTrainerBase<BinaryPredictionTransformer<NeuralNetworkModelParameters>>
{
    internal NeuralNetworkBinaryTrainer(MLContext context, NeuralNetworkOptions options)
        : base(context, options)
    {
    }

    private protected override NeuralNetworkTrainerBase<BinaryPredictionTransformer<NeuralNetworkModelParameters>> Create(MLContext context, NeuralNetworkOptions options) => new NeuralNetworkBinaryTrainer(context, options);

    private protected override string LabelDescription => "Boolean, Single, Double or a key of 2 categories";

    private protected override Loss DefaultLoss => new BinaryCrossEntropy(fromLogits: true);

    private protected override bool IsClassification => true;

    private protected override bool AcceptsLabel(DataViewType type) =>
        type is BooleanDataViewType || type.Equals(NumberDataViewType.Single) || type.Equals(NumberDataViewType.Double) || type is KeyDataViewType { Count: 1 or 2 };

    private protected override int OutputCount(DataViewSchema.Column label) => 1;

    private protected override void CheckLoss(Loss loss)
    {
        if (loss is not (BinaryCrossEntropy { FromLogits: true } or BinaryFocalCrossEntropy { FromLogits: true }))
        {
            throw new ArgumentException($"Binary classification trains with BinaryCrossEntropy or BinaryFocalCrossEntropy from logits (fromLogits: true), since the network's output is a logit; got {loss.Name} (Options.Loss).", nameof(loss));
        }
    }

    private protected override int WriteTarget(DataViewSchema.Column label, double value, int row, Span<float> target)
    {
        bool positive = EvaluationColumns.BinaryLabel(label)(value) ?? throw BadLabel(label, row, "the label is missing");
        target[0] = positive ? 1f : 0f;
        return positive ? 1 : 0;
    }

    private protected override BinaryPredictionTransformer<NeuralNetworkModelParameters> MakeTransformer(NeuralNetworkModelParameters model, DataViewSchema.Column label) =>
        new(model, Options.FeatureColumnName);
}
