using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Prototype.</summary>
public sealed class NeuralNetworkBinaryTrainer : TrainerEstimatorBase<BinaryPredictionTransformer<NeuralNetworkModelParameters>, NeuralNetworkModelParameters>
{
    internal NeuralNetworkBinaryTrainer(IHostEnvironment env)
        : base(Contracts.CheckRef(env, nameof(env)).Register("Mlp"), TrainerUtils.MakeR4VecFeature("Features"), TrainerUtils.MakeBoolScalarLabel("Label"))
    {
    }

    /// <inheritdoc/>
    public override TrainerInfo Info { get; } = new(normalization: false, caching: false);

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    /// <inheritdoc/>
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) =>
    [
        new SchemaShape.Column(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
        new SchemaShape.Column(DefaultColumnNames.Probability, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation(true))),
        new SchemaShape.Column(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
    ];

    /// <inheritdoc/>
    protected override NeuralNetworkModelParameters TrainModelCore(TrainContext trainContext)
    {
        RoleMappedData data = trainContext.TrainingSet;
        var features = data.Schema.Feature!.Value;
        var label = data.Schema.Label!.Value;
        var x = new List<float>();
        var y = new List<float>();
        using (var cursor = data.Data.GetRowCursor([features, label]))
        {
            var fg = cursor.GetGetter<VBuffer<float>>(features);
            var lg = cursor.GetGetter<bool>(label);
            VBuffer<float> f = default;
            bool l = false;
            while (cursor.MoveNext())
            {
                fg(ref f);
                lg(ref l);
                x.AddRange(f.DenseValues());
                y.Add(l ? 1 : 0);
            }
        }

        int size = ((VectorDataViewType)features.Type).Size;
        var network = new Sequential(new Dense(1));
        network.Build(new TensorShape(size), 1);
        NetworkTrainer.Fit(network, new BinaryCrossEntropy(fromLogits: true), new Adam(0.01f), new TrainingData(new TensorShape(size), [.. x], [.. y], 1), new TrainingOptions { Epochs = 30 });
        return new NeuralNetworkModelParameters(Host, network);
    }

    /// <inheritdoc/>
    protected override BinaryPredictionTransformer<NeuralNetworkModelParameters> MakeTransformer(NeuralNetworkModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
