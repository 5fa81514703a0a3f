using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Regression: the raw output is the prediction, combined as it is; members do not vote.</summary>
internal sealed class RegressionEnsembleTask : EnsembleTask
{
    public override byte Code => 3;

    public override string Name => "regression";

    public override bool IsClassification => false;

    private protected override Type TransformerDefinition => typeof(RegressionPredictionTransformer<>);

    public override DataViewSchema.Column RequireLabel(DataViewSchema schema, string name) =>
        SchemaErrors.Require(schema, name, t => t.Equals(NumberDataViewType.Single) || t.Equals(NumberDataViewType.Double), "Single or Double", "label");

    public override double Target(DataViewSchema.Column label, double value, int row) =>
        double.IsFinite(value) ? value : throw BadLabel(label, row, $"the label is {value}");

    public override void ToProbabilities(Span<float> raw, int outputs)
    {
    }

    public override void ToVotes(Span<float> raw, int outputs) => throw NoVotes();

    public override void FromAverage(Span<float> averaged, int outputs)
    {
    }

    public override string ExportProbabilities(OnnxGraph graph, string raw) => raw;

    public override string ExportVotes(OnnxGraph graph, string raw, int outputs) => throw NoVotes();

    public override string ExportFromAverage(OnnxGraph graph, string averaged) => averaged;

    public override double Score(ReadOnlySpan<float> averaged, int outputs, ReadOnlySpan<double> targets)
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
            residual += (targets[i] - averaged[i]) * (targets[i] - averaged[i]);
            total += (targets[i] - mean) * (targets[i] - mean);
        }

        return total > 0 ? 1 - (residual / total) : residual == 0 ? 1 : 0;
    }

    public override IEstimator<ITransformer> LinearModel(MLContext context, EnsembleOptions options, int seed) =>
        new NeuralNetworkRegressionTrainer(context, LinearOptions(options, seed));

    public override ITransformer MakeTransformer(EnsembleModelParameters model, string features, DataViewSchema.Column label) =>
        new RegressionPredictionTransformer<EnsembleModelParameters>(model, features);

    private static InvalidOperationException NoVotes() => new("Regression members do not vote; a regression ensemble averages their predictions.");
}
