using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains a network for multiclass classification, as an ML.NET trainer returning ML.NET's
/// <see cref="MulticlassPredictionTransformer{TModel}"/>: one linear output per value of the key label (the logits), with
/// sparse categorical cross-entropy by default; Score is their softmax, its slots named by the label's key values, and
/// PredictedLabel the most probable key. Made by <c>mlContext.MulticlassClassification.Trainers</c>'s <c>Mlp</c>,
/// <c>Cnn</c> and <c>Lstm</c>; map a label to a key with ML.NET's <c>Conversion.MapValueToKey</c>.
/// </summary>
public sealed class NeuralNetworkMulticlassTrainer : NeuralNetworkTrainerBase<MulticlassPredictionTransformer<NeuralNetworkMulticlassModelParameters>, NeuralNetworkMulticlassModelParameters>
{
    internal NeuralNetworkMulticlassTrainer(IHostEnvironment env, NeuralNetworkOptions options)
        : base(env, options, TrainerUtils.MakeU4ScalarColumn)
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    private protected override string LabelDescription => "a key (Conversion.MapValueToKey makes one)";

    private protected override Loss DefaultLoss => new SparseCategoricalCrossEntropy(fromLogits: true);

    private protected override bool IsClassification => true;

    private protected override bool AcceptsLabel(SchemaShape.Column label) => label.Kind == SchemaShape.Column.VectorKind.Scalar && label.IsKey;

    private protected override int OutputCount(DataViewSchema.Column label)
    {
        ulong count = ((KeyDataViewType)label.Type).Count;
        if (count is < 2 or > 1_000_000)
        {
            throw Host.ExceptSchemaMismatch(nameof(label), "label", label.Name, "a key of 2 to 1,000,000 values", $"a key of {count} values");
        }

        return (int)count;
    }

    private protected override void CheckLoss(Loss loss)
    {
        if (loss is not CategoricalLossBase { FromLogits: true })
        {
            throw new ArgumentException($"Multiclass classification trains with a categorical cross-entropy (sparse, one-hot or focal) from logits (fromLogits: true), since the network's outputs are logits; got {loss.Name} (Options.Loss).", nameof(loss));
        }
    }

    private protected override int WriteTarget(DataViewSchema.Column label, double value, int row, Span<float> target)
    {
        int classes = (int)((KeyDataViewType)label.Type).Count;
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

    private protected override NeuralNetworkMulticlassModelParameters CreateModel(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring, bool sequences, (float Offset, float Scale) labelScaling)
        => new(env, network, history, scoring, sequences);

    private protected override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
    [
        new(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.AnnotationsForMulticlassScoreColumn(label))),
        new(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true,
            new SchemaShape(label.Annotations.Where(a => a.Name == AnnotationUtils.Kinds.KeyValues).Concat(AnnotationUtils.GetTrainerOutputAnnotation()))),
    ];

    /// <inheritdoc/>
    protected override MulticlassPredictionTransformer<NeuralNetworkMulticlassModelParameters> MakeTransformer(NeuralNetworkMulticlassModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name, LabelColumn.Name);
}
