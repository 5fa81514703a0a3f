using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>
/// Turns a fitted pipeline into one ONNX graph: each visible column of the input data that can be a tensor, and that
/// the graph reads or outputs, becomes a graph input named as the column, each transformer adds its nodes in order, and each column of the final data
/// becomes an output named "column.output" (ML.NET's convention). Training-time transformers (samplers) pass the
/// data through when scoring, so they add nothing.
/// </summary>
internal static class OnnxPipelineExporter
{
    public static ModelProto Export(ITransformer model, DataViewSchema inputSchema)
    {
        var graph = new OnnxGraph("pipeline");
        var context = new OnnxPipelineContext(graph);
        foreach (DataViewSchema.Column column in inputSchema.Where(c => !c.IsHidden))
        {
            if (OnnxPipelineContext.ElementType(column.Type) is not null)
            {
                context.AddInput(column.Name, column.Type);
            }
        }

        DataViewSchema schema = inputSchema;
        foreach (ITransformer transformer in Steps(model))
        {
            if (transformer is ITrainingTimeTransformer)
            {
                continue;
            }

            if (transformer is not ICanExportOnnx exportable)
            {
                throw new NotSupportedException($"{transformer.GetType().Name} cannot be exported to ONNX.");
            }

            context.Schema = schema;
            exportable.ExportOnnx(context);
            schema = transformer.GetOutputSchema(schema);
            context.KeepOnly(schema);
        }

        context.DeclareUsedInputs();
        foreach (var (column, value, type) in context.Columns.ToArray())
        {
            graph.AddOutput(value, column + ".output", OnnxPipelineContext.ElementType(type)!.Value, OnnxPipelineContext.Shape(type));
        }

        return graph.ToModel($"A pipeline of {Steps(model).Count()} transformers.");
    }

    private static IEnumerable<ITransformer> Steps(ITransformer model)
        => model is IEnumerable<ITransformer> chain ? chain.SelectMany(Steps) : [model];
}
