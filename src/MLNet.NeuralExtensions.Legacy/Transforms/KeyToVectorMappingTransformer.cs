using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Turns keys into float vectors: one-hot indicators (a vector of n keys gives n × count slots), bags (counts
/// per key over a vector) or the binary digits of the key. Key 0 (missing) gives all zeros.
/// </summary>
public sealed class KeyToVectorMappingTransformer : RowToRowTransformerBase, ICanExportOnnx
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
            var (count, n, bits, size) = Layout(input.Type);
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

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        OnnxGraph graph = context.Graph;
        foreach (InputOutputColumnPair pair in _columns)
        {
            DataViewType inputType = context.Type(pair.InputColumnName);
            if (ColumnBuffers.ItemType(inputType) is not KeyDataViewType)
            {
                throw SchemaErrors.Mismatch(pair.InputColumnName, "Key<UInt32> or a fixed-size vector of keys", inputType);
            }

            var (count, _, bits, size) = Layout(inputType);
            string output = pair.OutputColumnName;
            string keys = graph.Add("Cast", [context.Value(pair.InputColumnName)], $"{output}_index", OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Int64));
            string encoded;
            if (_kind == OneHotEncodingEstimator.OutputKind.Binary)
            {
                // Keys past the count are missing; each key's bits, most significant first, by integer division and remainder.
                string known = graph.Add("Where", [graph.Add("Greater", [keys, graph.AddInt64s("key_count", count)], $"{output}_unknown"), graph.AddInt64s("zero_key", 0), keys], $"{output}_known");
                string spread = graph.Add("Unsqueeze", [known, graph.AddInt64s("bit_axis", 2)], $"{output}_spread");
                string shifted = graph.Add("Div", [spread, graph.AddInt64s("bit_weights", [.. Enumerable.Range(0, bits).Select(b => 1L << (bits - 1 - b))])], $"{output}_shifted");
                string digits = graph.Add("Mod", [shifted, graph.AddInt64s("two", 2)], $"{output}_bits");
                encoded = graph.Add("Cast", [digits], $"{output}_digits", OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));
            }
            else
            {
                // One slot per key and one for key 0, which is dropped: missing and unknown keys give all zeros.
                string hot = graph.Add("OneHot", [keys, graph.AddInt64s("depth", count + 1), graph.AddInitializer("indicator_values", [0f, 1f], 2)], $"{output}_onehot", OnnxAttribute.Int("axis", -1));
                encoded = graph.Add("Slice", [hot, graph.AddInt64s("first_key", 1), graph.AddInt64s("past_last_key", count + 1), graph.AddInt64s("key_axis", 2)], $"{output}_indicators");
                if (_kind == OneHotEncodingEstimator.OutputKind.Bag)
                {
                    encoded = graph.Add("ReduceSum", [encoded, graph.AddInt64s("item_axis", 1)], $"{output}_bag", OnnxAttribute.Int("keepdims", 0));
                }
            }

            context.Set(output, graph.Add("Reshape", [encoded, graph.AddInt64s("row_shape", 0, size)], output), new VectorDataViewType(NumberDataViewType.Single, size));
        }
    }

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

    /// <summary>The key count, keys per row, bits per key and output slots of an input of type <paramref name="keys"/>.</summary>
    private (int Count, int Keys, int Bits, int Size) Layout(DataViewType keys)
    {
        int count = (int)((KeyDataViewType)ColumnBuffers.ItemType(keys)).Count;
        int n = ColumnBuffers.Width(keys);
        int bits = 1;
        while ((1L << bits) <= count)
        {
            bits++;
        }

        int slotsPerKey = _kind == OneHotEncodingEstimator.OutputKind.Binary ? bits : count;
        return (count, n, bits, _kind == OneHotEncodingEstimator.OutputKind.Bag ? count : n * slotsPerKey);
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
