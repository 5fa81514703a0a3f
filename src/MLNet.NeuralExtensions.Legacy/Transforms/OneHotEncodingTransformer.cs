using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>A fitted one-hot encoder: a value-to-key mapping followed, unless the output kind is Key, by a key-to-vector encoding.</summary>
public sealed class OneHotEncodingTransformer : ITransformer, ICanExportOnnx
{
    internal const string LoaderSignature = "OneHotTransform";
    private readonly ValueToKeyMappingTransformer _toKey;
    private readonly KeyToVectorMappingTransformer? _encoder;

    internal OneHotEncodingTransformer(ValueToKeyMappingTransformer toKey, KeyToVectorMappingTransformer? encoder)
    {
        _toKey = toKey;
        _encoder = encoder;
    }

    /// <summary>Gets the learned value-to-key mapping.</summary>
    public ValueToKeyMappingTransformer KeyMapping => _toKey;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        DataViewSchema keys = _toKey.GetOutputSchema(inputSchema);
        return _encoder?.GetOutputSchema(keys) ?? keys;
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        IDataView keys = _toKey.Transform(input);
        return _encoder?.Transform(keys) ?? keys;
    }

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        ((ICanExportOnnx)_toKey).ExportOnnx(context);
        if (_encoder is not null)
        {
            ((ICanExportOnnx)_encoder).ExportOnnx(context);
        }
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        ctx.Writer.Write(_encoder is not null);
        ctx.SaveModel("KeyMapping", _toKey);
        if (_encoder is not null)
        {
            ctx.SaveModel("Encoder", _encoder);
        }
    }

    internal static OneHotEncodingTransformer Load(ModelLoadContext ctx)
    {
        bool hasEncoder = ctx.Reader.ReadBoolean();
        return new OneHotEncodingTransformer(
            ctx.LoadModel<ValueToKeyMappingTransformer>("KeyMapping"),
            hasEncoder ? ctx.LoadModel<KeyToVectorMappingTransformer>("Encoder") : null);
    }
}
