using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Maps values to keys (1-based category indices) through dictionaries learned at fit time; NaN and values not
/// seen in training map to 0 (missing). Output columns carry the dictionary as their KeyValues annotation.
/// Created by <c>mlContext.Transforms.Conversion.MapValueToKey</c>.
/// </summary>
public sealed class ValueToKeyMappingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "TermTransform";
    private readonly InputOutputColumnPair[] _columns;
    private readonly TermMap[] _maps;
    private readonly bool _keyValuesAsText;

    internal ValueToKeyMappingTransformer(InputOutputColumnPair[] columns, TermMap[] maps, bool keyValuesAsText)
    {
        _columns = columns;
        _maps = maps;
        _keyValuesAsText = keyValuesAsText;
    }

    /// <summary>Gets the number of keys learned for each output column, in the order the columns were given.</summary>
    public IReadOnlyList<int> KeyCounts => _maps.Select(m => m.Count).ToArray();

    internal TermMap GetTermMap(int column) => _maps[column];

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, _columns.Select((pair, i) =>
        {
            TermMap map = _maps[i];
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, pair.InputColumnName, t => ColumnBuffers.ItemType(t).Equals(map.ItemType), $"{map.ItemType} or a vector of {map.ItemType}");
            return new ColumnMapper.OutputColumn(new DataViewSchema.DetachedColumn(pair.OutputColumnName, OutputType(input.Type, map), KeyValues(map)), [input.Index], ItemMapping.Create(map.Lookup(), input));
        }).ToArray());

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        for (int i = 0; i < _columns.Length; i++)
        {
            InputOutputColumnPair pair = _columns[i];
            string keys = OnnxKeyMapping.ToKeys(context.Graph, context.Value(pair.InputColumnName), _maps[i].ItemType, _maps[i].TermsAsVBuffer(), pair.OutputColumnName);
            context.Set(pair.OutputColumnName, keys, OutputType(context.Type(pair.InputColumnName), _maps[i]));
        }
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, _columns);
        ctx.Writer.Write(_keyValuesAsText);
        foreach (TermMap map in _maps)
        {
            map.Write(ctx.Writer);
        }
    }

    internal static ValueToKeyMappingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        bool asText = ctx.Reader.ReadBoolean();
        return new ValueToKeyMappingTransformer(pairs, pairs.Select(_ => TermMap.Read(ctx.Reader)).ToArray(), asText);
    }

    /// <summary>The keys' type: one key, or a vector of keys shaped as the input, of the map's count.</summary>
    private static DataViewType OutputType(DataViewType input, TermMap map)
    {
        var key = new KeyDataViewType(typeof(uint), Math.Max(map.Count, 1));
        return input is VectorDataViewType v ? new VectorDataViewType(key, v.Dimensions) : key;
    }

    private DataViewSchema.Annotations KeyValues(TermMap map)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        if (map.Count == 0)
        {
            return builder.ToAnnotations();
        }

        object terms = map.TermsAsVBuffer();
        if (_keyValuesAsText && map.ItemType is not TextDataViewType)
        {
            var convert = ValueConversions.Get(map.ItemType.RawType, typeof(ReadOnlyMemory<char>));
            var values = BoxedVBuffer.DenseItems(terms).Select(x => (ReadOnlyMemory<char>)convert.DynamicInvoke(x)!).ToArray();
            builder.AddRaw(AnnotationUtils.Kinds.KeyValues, new VectorDataViewType(TextDataViewType.Instance, map.Count), new VBuffer<ReadOnlyMemory<char>>(values.Length, values));
        }
        else
        {
            builder.AddRaw(AnnotationUtils.Kinds.KeyValues, new VectorDataViewType(map.ItemType, map.Count), terms);
        }

        return builder.ToAnnotations();
    }
}
