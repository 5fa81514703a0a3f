using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a network for multiclass classification: one linear output per category of the key label (the logits),
/// with sparse categorical cross-entropy by default; scores are their softmax. Made by
/// <c>mlContext.MulticlassClassification.Trainers</c>'s <c>Mlp</c>, <c>Cnn</c> and <c>Lstm</c>; map a label to a key with <c>Conversion.MapValueToKey</c>.
/// </summary>
public sealed class NeuralNetworkMulticlassTrainer : NeuralNetworkTrainerBase<MulticlassPredictionTransformer<NeuralNetworkModelParameters>>
{
    internal NeuralNetworkMulticlassTrainer(MLContext context, NeuralNetworkOptions options)
        : base(context, options)
    {
    }

    private protected override NeuralNetworkTrainerBase<MulticlassPredictionTransformer<NeuralNetworkModelParameters>> Create(MLContext context, NeuralNetworkOptions options) => new NeuralNetworkMulticlassTrainer(context, options);

    private protected override string LabelDescription => "a key of at least 2 categories (Conversion.MapValueToKey makes one)";

    private protected override Loss DefaultLoss => new SparseCategoricalCrossEntropy(fromLogits: true);

    private protected override bool IsClassification => true;

    // A schema shape does not know a key's count: the schema made from it has one category, and two stand in for the
    // real classes. Training data must have at least two (CheckTrainingLabel).
    private protected override bool AcceptsLabel(DataViewType type) => type is KeyDataViewType { Count: >= 1 and <= 1_000_000 };

    private protected override void CheckTrainingLabel(DataViewSchema.Column label)
    {
        if (((KeyDataViewType)label.Type).Count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"Label column '{label.Name}' is a key of {((KeyDataViewType)label.Type).Count} category; multiclass classification needs at least 2.");
        }
    }

    private protected override int OutputCount(DataViewSchema.Column label) => Math.Max(2, (int)((KeyDataViewType)label.Type).Count);

    private protected override void CheckLoss(Loss loss)
    {
        if (loss is not CategoricalLossBase { FromLogits: true })
        {
            throw new ArgumentException($"Multiclass classification trains with a categorical cross-entropy (sparse, one-hot or focal) from logits (fromLogits: true), since the network's outputs are logits; got {loss.Name}.", nameof(loss));
        }
    }

    private protected override int WriteTarget(DataViewSchema.Column label, double value, int row, Span<float> target)
    {
        int classes = OutputCount(label);
        if (value < 1 || value > classes)
        {
            throw BadLabel(label, row, value == 0 ? "the key is missing (0)" : $"the key {value} is outside 1..{classes}");
        }

        int c = (int)value - 1;
        if (target.Length == 1)
        {
            target[0] = c;
        }
        else
        {
            target.Clear();
            target[c] = 1f;
        }

        return c;
    }

    private protected override MulticlassPredictionTransformer<NeuralNetworkModelParameters> MakeTransformer(NeuralNetworkModelParameters model, DataViewSchema.Column label) =>
        new(model, Options.FeatureColumnName, new KeyDataViewType(typeof(uint), (ulong)OutputCount(label)), label.Annotations);
}
