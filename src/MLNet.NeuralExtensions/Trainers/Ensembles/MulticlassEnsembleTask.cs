using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Multiclass classification: members contribute their Score vector when it is a probability distribution on
/// their training rows (ML.NET's maximum entropy, LightGbm, OneVersusAll over calibrated classifiers, our networks), its
/// softmax otherwise (raw scores), their Score as it is in stacking, or their vote.</summary>
internal sealed class MulticlassEnsembleTask : EnsembleTask
{
    /// <summary>How far from [0, 1] a probability, and from 1 the sum of a row's, may be.</summary>
    private const float DistributionTolerance = 1e-3f;

    public override string Name => "multiclass classification";

    public override PredictionKind Kind => PredictionKind.MulticlassClassification;

    public override Type TransformerDefinition => typeof(MulticlassPredictionTransformer<>);

    public override string LabelDescription => "a key (Conversion.MapValueToKey makes one)";

    public override SchemaShape.Column LabelColumn(string name) => TrainerUtils.MakeU4ScalarColumn(name);

    public override bool AcceptsLabel(SchemaShape.Column label) => label.Kind == SchemaShape.Column.VectorKind.Scalar && label.IsKey;

    public override int ClassCount(DataViewSchema.Column label) => ((KeyDataViewType)label.Type).Count is var count and >= 2 and <= 1_000_000
        ? (int)count
        : throw new ArgumentOutOfRangeException(nameof(label), $"Label column '{label.Name}' is a key of {((KeyDataViewType)label.Type).Count} values; multiclass classification needs 2 to 1,000,000.");

    public override double Target(DataViewSchema.Column label, double value, int row)
    {
        ulong classes = ((KeyDataViewType)label.Type).Count;
        return value >= 1 && value <= classes ? value - 1
            : throw BadLabel(label, row, value == 0 ? "the key is missing (0)" : $"the key {value} is outside 1..{classes}");
    }

    public override MemberOutput OutputFor(EnsembleCombination combination, object model, Func<float[]> trainingScores) => combination switch
    {
        EnsembleCombination.MajorityVote => MemberOutput.Vote,
        EnsembleCombination.Stacking => MemberOutput.Score,
        _ => AreDistributions(trainingScores(), ((VectorDataViewType)((IValueMapper)model).OutputType).Size) ? MemberOutput.Score : MemberOutput.Softmax,
    };

    public override double OutOfBagScore(ReadOnlySpan<float> means, int width, ReadOnlySpan<double> targets)
    {
        float[] probabilities = means.ToArray();
        return Accuracy(targets, i => TensorPrimitives.IndexOfMax(probabilities.AsSpan(i * width, width)));
    }

    public override string ClassName(DataViewSchema.Column label, int c)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        if (label.HasKeyValues())
        {
            label.GetKeyValues(ref names);
        }

        return c < names.Length ? $"{c + 1} ('{names.GetItemOrDefault(c)}')" : $"{c + 1}";
    }

    public override SchemaShape.Column[] OutputColumns(SchemaShape.Column label) =>
    [
        new(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.AnnotationsForMulticlassScoreColumn(label))),
        new(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true,
            new SchemaShape(label.Annotations.Where(a => a.Name == AnnotationUtils.Kinds.KeyValues).Concat(AnnotationUtils.GetTrainerOutputAnnotation()))),
    ];

    // Whether every row of scores is a probability distribution.
    private static bool AreDistributions(float[] scores, int width)
    {
        for (int i = 0; i < scores.Length; i += width)
        {
            ReadOnlySpan<float> row = scores.AsSpan(i, width);
            if (TensorPrimitives.Min(row) < -DistributionTolerance || TensorPrimitives.Max(row) > 1 + DistributionTolerance || MathF.Abs(TensorPrimitives.Sum(row) - 1) > DistributionTolerance)
            {
                return false;
            }
        }

        return true;
    }
}
