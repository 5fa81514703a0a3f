using System.Reflection;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Maps keys back to the values named by their KeyValues annotation; key 0 and keys past the annotation map to
/// the missing value of the type (NaN for Single and Double, empty text, 0, false).
/// Created by <c>mlContext.Transforms.Conversion.MapKeyToValue</c>.
/// </summary>
public sealed class KeyToValueMappingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "KeyToValueTransform";
    private static readonly MethodInfo s_lookup = typeof(KeyToValueMappingTransformer).GetMethod(nameof(Lookup), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly InputOutputColumnPair[] _columns;

    internal KeyToValueMappingTransformer(InputOutputColumnPair[] columns) => _columns = columns;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, _columns.Select(pair =>
        {
            var (input, itemType, values, type) = Resolve(inputSchema, pair);
            var map = (Delegate)s_lookup.MakeGenericMethod(itemType.RawType).Invoke(null, [values])!;
            return new ColumnMapper.OutputColumn(new DataViewSchema.DetachedColumn(pair.OutputColumnName, type), [input.Index], ItemMapping.Create(map, input));
        }).ToArray());

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        foreach (InputOutputColumnPair pair in _columns)
        {
            var (_, itemType, values, type) = Resolve(context.Schema!, pair);
            context.Set(pair.OutputColumnName, OnnxKeyMapping.FromKeys(context.Graph, context.Value(pair.InputColumnName), itemType, values, pair.OutputColumnName), type);
        }
    }

    /// <summary>The key column of <paramref name="pair"/>, the item type and VBuffer of its key values, and the output type.</summary>
    private static (DataViewSchema.Column Input, PrimitiveDataViewType ItemType, object Values, DataViewType OutputType) Resolve(DataViewSchema schema, InputOutputColumnPair pair)
    {
        DataViewSchema.Column input = SchemaErrors.Require(schema, pair.InputColumnName, t => ColumnBuffers.ItemType(t) is KeyDataViewType, "Key<UInt32> or a vector of keys");
        if (!input.HasKeyValues())
        {
            throw SchemaErrors.Mismatch(input.Name, "a key column with a KeyValues annotation", input.Type);
        }

        var valuesType = (VectorDataViewType)input.Annotations.Schema[AnnotationUtils.Kinds.KeyValues].Type;
        input.Annotations.TryGetRaw(AnnotationUtils.Kinds.KeyValues, out object? values);
        DataViewType type = input.Type is VectorDataViewType v ? new VectorDataViewType(valuesType.ItemType, v.Dimensions) : valuesType.ItemType;
        return (input, valuesType.ItemType, values!, type);
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, _columns);
    }

    internal static KeyToValueMappingTransformer Load(ModelLoadContext ctx) => new(PairCodec.Read(ctx));

    private static Func<uint, T> Lookup<T>(VBuffer<T> values)
    {
        T[] terms = values.DenseValues().ToArray();
        T missing = typeof(T) == typeof(float) ? (T)(object)float.NaN
            : typeof(T) == typeof(double) ? (T)(object)double.NaN
            : typeof(T) == typeof(ReadOnlyMemory<char>) ? (T)(object)ReadOnlyMemory<char>.Empty
            : default!;
        return key => key >= 1 && key <= terms.Length ? terms[key - 1] : missing;
    }
}

/// <summary>Creates a <see cref="KeyToValueMappingTransformer"/>.</summary>
public sealed class KeyToValueMappingEstimator : TrivialEstimator<KeyToValueMappingTransformer>
{
    internal KeyToValueMappingEstimator(InputOutputColumnPair[] columns)
        : base(new KeyToValueMappingTransformer(columns))
    {
    }
}
