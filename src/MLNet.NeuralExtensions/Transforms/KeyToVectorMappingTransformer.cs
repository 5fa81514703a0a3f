using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Turns keys into float vectors: one-hot indicators (a vector of n keys gives n × count slots), bags (counts
/// per key over a vector) or the binary digits of the key. Key 0 (missing) gives all zeros.
/// </summary>
public sealed class KeyToVectorMappingTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "KeyToVectorTransform";
    private readonly InputOutputColumnPair[] _columns;
    private readonly OneHotEncodingEstimator.OutputKind _kind;

    internal KeyToVectorMappingTransformer(InputOutputColumnPair[] columns, OneHotEncodingEstimator.OutputKind kind)
    {
        if (kind == OneHotEncodingEstimator.OutputKind.Key)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Key output needs no vector mapping.");
        }

        _columns = columns;
        _kind = kind;
    }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) =>
        new(inputSchema, _columns.Select(pair =>
        {
            DataViewSchema.Column input = SchemaErrors.Require(inputSchema, pair.InputColumnName, t => ColumnBuffers.ItemType(t) is KeyDataViewType && ColumnBuffers.Width(t) > 0, "Key<UInt32> or a fixed-size vector of keys");
            int count = (int)((KeyDataViewType)ColumnBuffers.ItemType(input.Type)).Count;
            int n = ColumnBuffers.Width(input.Type);
            int bits = 1;
            while ((1L << bits) <= count)
            {
                bits++;
            }

            int slotsPerKey = _kind == OneHotEncodingEstimator.OutputKind.Binary ? bits : count;
            int size = _kind == OneHotEncodingEstimator.OutputKind.Bag ? count : n * slotsPerKey;
            DataViewSchema.Annotations? slots = _kind != OneHotEncodingEstimator.OutputKind.Binary && n == 1 || _kind == OneHotEncodingEstimator.OutputKind.Bag
                ? KeySlotNames(input)
                : null;
            var type = new VectorDataViewType(NumberDataViewType.Single, size);
            OneHotEncodingEstimator.OutputKind kind = _kind;
            return new ColumnMapper.OutputColumn(new DataViewSchema.DetachedColumn(pair.OutputColumnName, type, slots), [input.Index], (batch, destination) =>
            {
                ReadOnlySpan<uint> keys = ((ColumnBuffer<uint>)batch[input.Index]!).Values;
                Span<float> output = ((ColumnBuffer<float>)destination).ResetFixed(batch.RowCount, size);
                output.Clear();
                for (int i = 0; i < keys.Length; i++)
                {
                    uint key = keys[i] <= count ? keys[i] : 0;
                    int row = i / n;
                    switch (kind)
                    {
                        case OneHotEncodingEstimator.OutputKind.Bag when key > 0:
                            output[(row * size) + (int)key - 1] += 1;
                            break;
                        case OneHotEncodingEstimator.OutputKind.Indicator when key > 0:
                            output[(i * count) + (int)key - 1] = 1;
                            break;
                        case OneHotEncodingEstimator.OutputKind.Binary:
                            for (int b = 0; b < bits; b++)
                            {
                                output[(i * bits) + b] = (key >> (bits - 1 - b)) & 1;
                            }

                            break;
                    }
                }
            });
        }).ToArray());

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, _columns);
        ctx.Writer.Write((byte)_kind);
    }

    internal static KeyToVectorMappingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        var kind = (OneHotEncodingEstimator.OutputKind)ctx.Reader.ReadByte();
        return Enum.IsDefined(kind) ? new KeyToVectorMappingTransformer(pairs, kind) : throw ctx.Error($"unknown output kind {(byte)kind}.");
    }

    private static DataViewSchema.Annotations? KeySlotNames(DataViewSchema.Column input)
    {
        if (!input.HasKeyValues())
        {
            return null;
        }

        var valuesType = (VectorDataViewType)input.Annotations.Schema[AnnotationUtils.Kinds.KeyValues].Type;
        input.Annotations.TryGetRaw(AnnotationUtils.Kinds.KeyValues, out object? values);
        var toText = ValueConversions.Get(valuesType.ItemType.RawType, typeof(ReadOnlyMemory<char>));
        var names = BoxedVBuffer.DenseItems(values!).Select(v => toText.DynamicInvoke(v)!.ToString()!).ToArray();
        return AnnotationUtils.SlotNames(names);
    }
}
