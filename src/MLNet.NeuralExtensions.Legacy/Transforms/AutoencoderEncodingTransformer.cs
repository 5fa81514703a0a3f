using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Replaces a feature vector by its code: the output of a trained autoencoder's bottleneck (a vector of
/// <see cref="AutoencoderModelParameters.BottleneckSize"/> Single values), for dimensionality reduction or as features
/// learned without labels. Created by <c>mlContext.Transforms.AutoencoderEncode</c>.
/// </summary>
public sealed class AutoencoderEncodingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "AutoencoderEncode";

    internal AutoencoderEncodingTransformer(AutoencoderModelParameters model, string outputColumnName, string inputColumnName)
    {
        Model = model;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
    }

    /// <summary>Gets the trained autoencoder.</summary>
    public AutoencoderModelParameters Model { get; }

    /// <summary>Gets the code column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Gets the feature column.</summary>
    public string InputColumnName { get; }

    private int InputSize => Model.FeatureMeans.Count;

    private VectorDataViewType InputType => new(NumberDataViewType.Single, InputSize);

    private VectorDataViewType OutputType => new(NumberDataViewType.Single, Model.BottleneckSize);

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        DataViewSchema.Column input = SchemaErrors.Require(inputSchema, InputColumnName, t => t.Equals(InputType),
            $"Vector<Single, {InputSize}> (the type the autoencoder was trained on)", "feature");
        int width = Model.BottleneckSize;
        return new ColumnMapper(inputSchema, [new ColumnMapper.OutputColumn(new(OutputColumnName, OutputType), [input.Index], (batch, destination) =>
        {
            ReadOnlySpan<float> features = batch.GetColumn<float>(input).Values;
            VectorRows.RequireFinite(features, InputSize, InputColumnName, batch.Position, "the autoencoder");
            Model.Encode(features, batch.RowCount).CopyTo(((ColumnBuffer<float>)destination).ResetFixed(batch.RowCount, width));
        })]);
    }

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        if (!context.Type(InputColumnName).Equals(InputType))
        {
            throw SchemaErrors.Mismatch(InputColumnName, SchemaShapeBridge.Describe(InputType), context.Type(InputColumnName), "feature");
        }

        context.Set(OutputColumnName, Model.ExportEncoder(context.Graph, context.Value(InputColumnName)), OutputType);
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        ctx.Writer.Write(OutputColumnName);
        ctx.Writer.Write(InputColumnName);
        Model.Write(ctx.Writer);
    }

    internal static AutoencoderEncodingTransformer Load(ModelLoadContext ctx)
    {
        string output = ctx.Reader.ReadString();
        string input = ctx.Reader.ReadString();
        try
        {
            return new AutoencoderEncodingTransformer(AutoencoderModelParameters.Read(ctx.Reader), output, input);
        }
        catch (FormatException ex)
        {
            throw ctx.Error(ex.Message);
        }
    }
}
