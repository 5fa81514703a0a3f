using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Scores with a clustering model, as ML.NET's: appends <c>Score</c> (a vector of Single, the distance to each cluster)
/// and <c>PredictedLabel</c> (a key of as many values as clusters: the nearest, 1-based).
/// </summary>
/// <typeparam name="TModel">The model's type.</typeparam>
public sealed class ClusteringPredictionTransformer<TModel> : PredictionTransformerBase<TModel>
    where TModel : class
{
    internal const string LoaderSignature = "ClusteringPredXfer";
    private readonly int _clusters;

    internal ClusteringPredictionTransformer(TModel model, string featureColumnName)
        : base(model, featureColumnName) => _clusters = ((IScoringModel)model).OutputSize;

    private protected override string Signature => LoaderSignature;

    private KeyDataViewType LabelType => new(typeof(uint), _clusters);

    internal static ClusteringPredictionTransformer<SomModelParameters> Load(ModelLoadContext ctx)
    {
        var (model, features) = LoadModel<SomModelParameters>(ctx);
        return new ClusteringPredictionTransformer<SomModelParameters>(model, features);
    }

    private protected override IEnumerable<(DataViewSchema.DetachedColumn Column, Action<float[], int, ColumnBuffer> Fill)> OutputColumns() =>
    [
        (new(DefaultColumnNames.Score, new VectorDataViewType(NumberDataViewType.Single, _clusters)), (raw, rows, d) => raw.AsSpan(0, rows * _clusters).CopyTo(((ColumnBuffer<float>)d).ResetFixed(rows, _clusters))),
        (new(DefaultColumnNames.PredictedLabel, LabelType), (raw, rows, d) =>
        {
            Span<uint> labels = ((ColumnBuffer<uint>)d).ResetFixed(rows, 1);
            for (int i = 0; i < rows; i++)
            {
                labels[i] = (uint)System.Numerics.Tensors.TensorPrimitives.IndexOfMin(raw.AsSpan(i * _clusters, _clusters)) + 1;
            }
        }),
    ];

    private protected override void ExportOutputs(OnnxPipelineContext context, string rawOutputs)
    {
        OnnxGraph graph = context.Graph;
        context.Set(DefaultColumnNames.Score, rawOutputs, new VectorDataViewType(NumberDataViewType.Single, _clusters));
        string index = graph.Add("ArgMin", [rawOutputs], "cluster_index", OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
        string key = graph.Add("Add", [index, graph.AddInt64s("one", 1)], "cluster_key");
        context.Set(DefaultColumnNames.PredictedLabel, graph.Add("Cast", [key], "predicted_label", OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Uint32)), LabelType);
    }

    private protected override void SaveTask(BinaryWriter writer)
    {
    }
}
