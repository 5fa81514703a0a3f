using MLNet.NeuralExtensions.Engine.Onnx;
using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Scores with a multiclass classifier, as ML.NET's: appends <c>Score</c> (a vector of Single, the probability of each
/// class in the order of the training label's keys, named by its key values) and <c>PredictedLabel</c> (a key of the
/// training label's type, with its key values: the most probable class).
/// </summary>
/// <typeparam name="TModel">The model's type.</typeparam>
public sealed class MulticlassPredictionTransformer<TModel> : PredictionTransformerBase<TModel>
    where TModel : class
{
    internal const string LoaderSignature = "MulticlassPredXfer";
    private readonly KeyDataViewType _labelType;
    private readonly DataViewSchema.Annotations _labelAnnotations;

    internal MulticlassPredictionTransformer(TModel model, string featureColumnName, KeyDataViewType labelType, DataViewSchema.Annotations labelAnnotations)
        : base(model, featureColumnName)
    {
        _labelType = labelType;
        _labelAnnotations = labelAnnotations;
    }

    private protected override string Signature => LoaderSignature;

    private int Classes => (int)_labelType.Count;

    internal static ITransformer Load(ModelLoadContext ctx)
    {
        var (model, features) = LoadModel<IScoringModel>(ctx);
        if (ValueCodec.ReadType(ctx.Reader) is not KeyDataViewType { Count: > 0 } label || (int)label.Count != model.OutputSize)
        {
            throw ctx.Error("its label type is not a key type with one category per model output.");
        }

        DataViewSchema.Annotations annotations = SchemaCodec.ReadAnnotations(ctx.Reader);
        return ForSupervisedModel(ctx, model, n => new MulticlassPredictionTransformer<NeuralNetworkModelParameters>(n, features, label, annotations),
            e => new MulticlassPredictionTransformer<EnsembleModelParameters>(e, features, label, annotations));
    }

    private protected override IEnumerable<(DataViewSchema.DetachedColumn Column, Action<float[], int, ColumnBuffer> Fill)> OutputColumns()
    {
        int k = Classes;
        var scoreAnnotations = AnnotationUtils.SlotNames(ClassNames());
        var labelAnnotations = new DataViewSchema.Annotations.Builder();
        labelAnnotations.Add(_labelAnnotations, kind => kind == AnnotationUtils.Kinds.KeyValues);
        return
        [
            (new(DefaultColumnNames.Score, new VectorDataViewType(NumberDataViewType.Single, k), scoreAnnotations), (raw, rows, d) =>
            {
                Span<float> scores = ((ColumnBuffer<float>)d).ResetFixed(rows, k);
                for (int i = 0; i < rows; i++)
                {
                    TensorPrimitives.SoftMax(raw.AsSpan(i * k, k), scores.Slice(i * k, k));
                }
            }),
            (new(DefaultColumnNames.PredictedLabel, _labelType, labelAnnotations.ToAnnotations()), (raw, rows, d) =>
            {
                Span<uint> labels = ((ColumnBuffer<uint>)d).ResetFixed(rows, 1);
                for (int i = 0; i < rows; i++)
                {
                    labels[i] = (uint)TensorPrimitives.IndexOfMax(raw.AsSpan(i * k, k)) + 1;
                }
            }),
        ];
    }

    private protected override void ExportOutputs(OnnxPipelineContext context, string rawOutputs)
    {
        OnnxGraph graph = context.Graph;
        context.Set(DefaultColumnNames.Score, graph.Add("Softmax", [rawOutputs], "score", OnnxAttribute.Int("axis", 1)), new VectorDataViewType(NumberDataViewType.Single, Classes));
        string index = graph.Add("ArgMax", [rawOutputs], "class_index", OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
        string key = graph.Add("Add", [index, graph.AddInt64s("one", 1)], "class_key");
        context.Set(DefaultColumnNames.PredictedLabel, graph.Add("Cast", [key], "predicted_label", OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Uint32)), _labelType);
    }

    private protected override void SaveTask(BinaryWriter writer)
    {
        ValueCodec.WriteType(writer, _labelType);
        SchemaCodec.WriteAnnotations(writer, _labelAnnotations);
    }

    private string[] ClassNames()
    {
        if (_labelAnnotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.KeyValues) is not null)
        {
            _labelAnnotations.TryGetRaw(AnnotationUtils.Kinds.KeyValues, out object? values);
            string[] names = [.. BoxedVBuffer.DenseItems(values!).Select(v => v.ToString()!)];
            if (names.Length == Classes)
            {
                return names;
            }
        }

        return [.. Enumerable.Range(1, Classes).Select(i => $"Class {i}")];
    }
}
