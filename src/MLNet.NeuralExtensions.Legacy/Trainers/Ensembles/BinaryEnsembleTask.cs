using MLNet.NeuralExtensions.Engine.Onnx;
using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Evaluation;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Binary classification: one logit per row; the ensemble's logit is that of the combined probability.</summary>
internal sealed class BinaryEnsembleTask : EnsembleTask
{
    public override byte Code => 1;

    public override string Name => "binary classification";

    public override bool IsClassification => true;

    private protected override Type TransformerDefinition => typeof(BinaryPredictionTransformer<>);

    public override DataViewSchema.Column RequireLabel(DataViewSchema schema, string name) =>
        SchemaErrors.Require(schema, name, t => t is BooleanDataViewType || t.Equals(NumberDataViewType.Single) || t.Equals(NumberDataViewType.Double) || t is KeyDataViewType { Count: 1 or 2 },
            "Boolean, Single, Double or a key of 2 categories", "label");

    public override double Target(DataViewSchema.Column label, double value, int row) =>
        EvaluationColumns.BinaryLabel(label)(value) is { } positive ? (positive ? 1 : 0) : throw BadLabel(label, row, "the label is missing");

    public override void ToProbabilities(Span<float> raw, int outputs) => TensorPrimitives.Sigmoid(raw, raw);

    public override void ToVotes(Span<float> raw, int outputs)
    {
        foreach (ref float v in raw)
        {
            v = v > 0 ? 1 : 0;
        }
    }

    public override void FromAverage(Span<float> averaged, int outputs)
    {
        foreach (ref float p in averaged)
        {
            float clipped = Math.Clamp(p, ProbabilityFloor, 1 - ProbabilityFloor);
            p = MathF.Log(clipped / (1 - clipped));
        }
    }

    public override string ExportProbabilities(OnnxGraph graph, string raw) => graph.Add("Sigmoid", [raw], "member_probability");

    public override string ExportVotes(OnnxGraph graph, string raw, int outputs) =>
        graph.Add("Cast", [graph.Add("Greater", [raw, graph.AddScalar("zero", 0)], "member_positive")], "member_vote",
            OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));

    public override string ExportFromAverage(OnnxGraph graph, string averaged)
    {
        string clipped = graph.Add("Clip", [averaged, graph.AddScalar("floor", ProbabilityFloor), graph.AddScalar("ceiling", 1 - ProbabilityFloor)], "ensemble_probability");
        string odds = graph.Add("Div", [clipped, graph.Add("Sub", [graph.AddScalar("one", 1), clipped], "ensemble_complement")], "ensemble_odds");
        return graph.Add("Log", [odds], "ensemble_logit");
    }

    public override double Score(ReadOnlySpan<float> averaged, int outputs, ReadOnlySpan<double> targets)
    {
        int correct = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            correct += (averaged[i] > 0.5f ? 1 : 0) == targets[i] ? 1 : 0;
        }

        return (double)correct / targets.Length;
    }

    public override IEstimator<ITransformer> LinearModel(MLContext context, EnsembleOptions options, int seed) =>
        new NeuralNetworkBinaryTrainer(context, LinearOptions(options, seed));

    public override ITransformer MakeTransformer(EnsembleModelParameters model, string features, DataViewSchema.Column label) =>
        new BinaryPredictionTransformer<EnsembleModelParameters>(model, features);
}
