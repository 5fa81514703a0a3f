using MLNet.NeuralExtensions.Engine.Onnx;
using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Multiclass classification: one logit per class; the ensemble's are the logarithms of the combined
/// probabilities, whose softmax gives those probabilities back.</summary>
internal sealed class MulticlassEnsembleTask : EnsembleTask
{
    public override byte Code => 2;

    public override string Name => "multiclass classification";

    public override bool IsClassification => true;

    private protected override Type TransformerDefinition => typeof(MulticlassPredictionTransformer<>);

    public override DataViewSchema.Column RequireLabel(DataViewSchema schema, string name) =>
        SchemaErrors.Require(schema, name, t => t is KeyDataViewType { Count: > 0 }, "a key of known count", "label");

    public override double Target(DataViewSchema.Column label, double value, int row)
    {
        ulong classes = ((KeyDataViewType)label.Type).Count;
        return value >= 1 && value <= classes ? value - 1
            : throw BadLabel(label, row, value == 0 ? "the key is missing (0)" : $"the key {value} is outside 1..{classes}");
    }

    public override void ToProbabilities(Span<float> raw, int outputs)
    {
        for (int i = 0; i < raw.Length; i += outputs)
        {
            Span<float> row = raw.Slice(i, outputs);
            TensorPrimitives.SoftMax(row, row);
        }
    }

    public override void ToVotes(Span<float> raw, int outputs)
    {
        for (int i = 0; i < raw.Length; i += outputs)
        {
            Span<float> row = raw.Slice(i, outputs);
            int winner = TensorPrimitives.IndexOfMax(row);
            row.Clear();
            row[winner] = 1;
        }
    }

    public override void FromAverage(Span<float> averaged, int outputs)
    {
        TensorPrimitives.Max(averaged, ProbabilityFloor, averaged);
        TensorPrimitives.Log(averaged, averaged);
    }

    public override string ExportProbabilities(OnnxGraph graph, string raw) => graph.Add("Softmax", [raw], "member_probabilities", OnnxAttribute.Int("axis", 1));

    public override string ExportVotes(OnnxGraph graph, string raw, int outputs)
    {
        string winner = graph.Add("ArgMax", [raw], "member_winner", OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0));
        return graph.Add("OneHot", [winner, graph.AddInt64s("classes", outputs), graph.AddInitializer("vote_values", [0f, 1f], 2)], "member_votes", OnnxAttribute.Int("axis", -1));
    }

    public override string ExportFromAverage(OnnxGraph graph, string averaged) =>
        graph.Add("Log", [graph.Add("Max", [averaged, graph.AddScalar("floor", ProbabilityFloor)], "ensemble_probabilities")], "ensemble_logits");

    public override double Score(ReadOnlySpan<float> averaged, int outputs, ReadOnlySpan<double> targets)
    {
        int correct = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            correct += TensorPrimitives.IndexOfMax(averaged.Slice(i * outputs, outputs)) == targets[i] ? 1 : 0;
        }

        return (double)correct / targets.Length;
    }

    public override IEstimator<ITransformer> LinearModel(MLContext context, EnsembleOptions options, int seed) =>
        new NeuralNetworkMulticlassTrainer(context, LinearOptions(options, seed));

    public override ITransformer MakeTransformer(EnsembleModelParameters model, string features, DataViewSchema.Column label) =>
        new MulticlassPredictionTransformer<EnsembleModelParameters>(model, features, (KeyDataViewType)label.Type, label.Annotations);
}
